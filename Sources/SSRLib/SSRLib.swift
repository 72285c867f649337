/// SSR's umbrella module: importing `SSRLib` gives every layer of the toolkit.
@_exported import SSRCore
@_exported import SSRData
@_exported import SSRDevice
@_exported import SSREval
@_exported import SSRModels
@_exported import SSRMultimodal
@_exported import SSRNN
@_exported import SSRNotebook
@_exported import SSRRuns
@_exported import SSRTensor
