import Testing
@testable import SSRNotebook

@Test func lineASCIIGolden() {
  let expected = #"""
                                       Training loss
    loss
      |o.
    2 +* ..o.
      | ..   ..o.
      |   .*.    .o.
      |      ..*.   ..o...o.
    1 +          .*...*.    ..o...o..o.
      |                 ..*...*...*.   ..o...o...o...o..o...o...o.
      |                             .*...*...*...*...*..*...*.    ..o...o..o...o...o
      |                                                       ..*...*...*..*...*...*
    0 +
      ++------------------+------------------+------------------+------------------+
       0                  5                 10                 15                 20
                                           epoch
    * train   o valid
    """#
  #expect(PlotRenderer.render(RenderFixtures.lossCurves, style: .saved) == expected)
}

@Test func lineUnicodeGolden() {
  let expected = #"""
                             Training loss
    loss
      │○⢄
    2 ┤●⡀⠑○
      │ ⠑⢄ ⠑○
      │  ⠈●⡀ ⠉⠒○⣀
      │    ⠈●⣀   ⠉○⠢⢄○⡀
    1 ┤       ⠉●⠤⣀    ⠈⠉○⠒⠢○⢄○⣀
      │           ●⠉⠒●⠤⢄●⡀     ⠉○⠉⠒○⠒⠤○⠤⠤○⢄○⣀⣀○⣀
      │                  ⠈⠉●⠑●⠒⠤●⠤⣀●⣀⣀●⡀        ⠉○⠉⠉○⠑⠒○⠒⠒○⠢○⠤⠤○
      │                                ⠈⠉●⠉●⠉⠉●⠉⠒●⠒⠒●⠒⠒●⠢⠤●⠤●⠤⠤●
    0 ┤
      └┬─────────────┬─────────────┬─────────────┬─────────────┬
       0             5            10            15            20
                                 epoch
    ● train   ○ valid
    """#
  #expect(PlotRenderer.render(RenderFixtures.lossCurves, style: RenderFixtures.narrowUnicode) == expected)
}

@Test func scatterASCIIGolden() {
  let expected = #"""
                                         Embeddings
    dim 2
       |                                                                    o
     1 +                 *
       |                                  *
       |         *                                            o
     0 +
       |                        *                    o
       |    *
    -1 +                                                            o
       ++------------------+------------------+-----------------+------------------+
       -2                 -1                  0                 1                  2
                                           dim 1
    * users   o items
    1 point not shown (NaN/inf)
    """#
  #expect(PlotRenderer.render(RenderFixtures.clouds, style: .saved) == expected)
}

@Test func scatterUnicodeGolden() {
  let expected = #"""
                               Embeddings
    dim 2
     1 ┤                                                  ○
       │            ●
       │                         ●
       │       ●                                ○
     0 ┤
       │                  ●
       │                                 ○
    -1 ┤   ●                                        ○
       └┬─────────────┬─────────────┬────────────┬─────────────┬
       -2            -1             0            1             2
                                 dim 1
    ● users   ○ items
    1 point not shown (NaN/inf)
    """#
  #expect(PlotRenderer.render(RenderFixtures.clouds, style: RenderFixtures.narrowUnicode) == expected)
}

@Test func barASCIIGolden() {
  let expected = #"""
                                        Hit rate @10
    SASRec     ############################################################## 0.2134
    GRU4Rec    ###################################################### 0.1875
    SpikingRec ############################################################ 0.2051
    Popularity ############ 0.0412
               +--------------+-------------+--------------+-------------+----
             0.00           0.05          0.10           0.15          0.20
                                            HR@10
    """#
  #expect(PlotRenderer.render(RenderFixtures.hitRates, style: .saved) == expected)
}

@Test func barUnicodeGolden() {
  let expected = #"""
                              Hit rate @10
    SASRec     ██████████████████████████████████████████ 0.2134
    GRU4Rec    ████████████████████████████████████▉ 0.1875
    SpikingRec ████████████████████████████████████████▍ 0.2051
    Popularity ████████▏ 0.0412
               ┬─────────┬─────────┬─────────┬────────┬───
             0.00      0.05      0.10      0.15     0.20
                                  HR@10
    """#
  #expect(PlotRenderer.render(RenderFixtures.hitRates, style: RenderFixtures.narrowUnicode) == expected)
}

@Test func negativeBarASCIIGolden() {
  let expected = #"""
                                   Change vs. baseline (%)
    SASRec                     ########################## 3.25
    GRU4Rec      ############## -1.8
    SpikingRec                 ######################################### 5.1
    broken run                  nan
               +---------------+---------------+---------------+---------------+
              -2               0               2               4               6
    1 bar not drawn (NaN/inf)
    """#
  #expect(PlotRenderer.render(RenderFixtures.deltas, style: .saved) == expected)
}

@Test func negativeBarUnicodeGolden() {
  let expected = #"""
                         Change vs. baseline (%)
    SASRec                █████████████████▉ 3.25
    GRU4Rec     ██████████ -1.8
    SpikingRec            ████████████████████████████ 5.1
    broken run             nan
               ┬──────────┬──────────┬──────────┬──────────┬
              -2          0          2          4          6
    1 bar not drawn (NaN/inf)
    """#
  #expect(PlotRenderer.render(RenderFixtures.deltas, style: RenderFixtures.narrowUnicode) == expected)
}
