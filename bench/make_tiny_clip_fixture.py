"""Writes the tiny CLIP vision fixture and test images of SSRMultimodalTests with Hugging Face
`transformers` and Pillow.

Run from the package root, in a throwaway environment (PyPI packages only):

    python3 -m venv /tmp/clipenv
    /tmp/clipenv/bin/pip install torch transformers pillow safetensors numpy
    /tmp/clipenv/bin/python bench/make_tiny_clip_fixture.py

It writes, under Tests/SSRMultimodalTests/Fixtures/:

- tiny-clip/: a randomly initialised `CLIPVisionModelWithProjection` (image 32, patch 8, hidden
  32, 2 layers, 2 heads, intermediate 37, projection 24, quick GELU; seed 11; weights drawn wider
  than CLIP's initialisation so that every block changes the output visibly) saved with
  `save_pretrained` (config.json, model.safetensors), its `preprocessor_config.json` (shortest
  edge 32, crop 32, CLIP mean/std, bicubic), and expected.json: for each test image, the
  processor's output at 32 (as 8-bit levels: pixel_values = (levels / 255 - mean) / std, which
  the script checks) and the model's `image_embeds` and class-token `last_hidden_state` for it;
- clip-images/: the test images (JPEG and PNG of several sizes and aspect ratios, one grayscale,
  one RGBA, one palette PNG with transparency, one 16-bit PNG, one tall image that Pillow 13
  resizes vertical pass first), clip-images/expected-224/ the
  output of `CLIPImageProcessorPil` with clip-vit-base-patch32's settings (224 shortest edge,
  bicubic, 224 x 224 crop) stored losslessly as 8-bit PNGs (the processor works in 8 bits up to
  the rescale, so pixel_values = (png / 255 - mean) / std exactly; the script checks this), and
  clip-images/small/ with decoded.json: tiny images of each PNG and JPEG variant and the RGB
  array `transformers`' `convert_to_rgb` makes of each (exact decoding checks).

With `--large DIR` it instead writes larger generated images (several hundred to a few thousand
pixels a side) and their expected 224 crops to DIR, for the test that runs when
SSR_CLIP_LARGE_DIR=DIR is set.
"""
import json
import os
import sys

import numpy as np
import torch
from PIL import Image
from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection
from transformers.image_transforms import convert_to_rgb
from transformers.models.clip.image_processing_pil_clip import CLIPImageProcessorPil

FIXTURES = "Tests/SSRMultimodalTests/Fixtures"
MODEL_DIR = os.path.join(FIXTURES, "tiny-clip")
IMAGE_DIR = os.path.join(FIXTURES, "clip-images")
MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=np.float32)


def scene(width, height, seed, noise=2.0):
    """A smooth synthetic picture with edges and a little noise (compresses well, resamples visibly)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    u, v = x / width, y / height
    r = 128 + 100 * np.sin(6.0 * u + 2.0 * v + seed)
    g = 128 + 90 * np.cos(4.0 * v - 3.0 * u * v + seed * 0.5)
    b = 255 * ((u - 0.5) ** 2 + (v - 0.4) ** 2 < 0.08)  # a disc: sharp edges
    b = b * 0.8 + 40 * (((x // 16) + (y // 16)) % 2)  # a checkerboard
    img = np.stack([r, g, b], axis=-1) + rng.normal(0, noise, size=(height, width, 3))
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def write_test_images():
    """The images of the 224 preprocessing and tiny-model tests: name -> path."""
    os.makedirs(IMAGE_DIR, exist_ok=True)
    paths = {}

    def path(name):
        paths[name.rsplit(".", 1)[0]] = os.path.join(IMAGE_DIR, name)
        return paths[name.rsplit(".", 1)[0]]

    # Landscape JPEG, 4:2:0, downscaled to 224 on its short side.
    Image.fromarray(scene(320, 240, 1)).save(path("landscape.jpg"), quality=90)
    # Portrait progressive JPEG, 4:4:4, upscaled (short side 150).
    Image.fromarray(scene(150, 260, 2)).save(path("portrait.jpg"), quality=85, progressive=True, subsampling=0)
    # Tall JPEG whose height shrinks by more than twice as many pixels as its width: Pillow 13 runs
    # the vertical pass first there.
    Image.fromarray(scene(250, 900, 7)).save(path("tall.jpg"), quality=80)
    # Grayscale JPEG, square, downscaled.
    Image.fromarray(scene(300, 300, 3)[..., 1]).save(path("gray.jpg"), quality=90)
    # RGBA PNG with a varying alpha (transparent, half and opaque areas), upscaled.
    rgba = np.dstack([scene(200, 130, 4), np.tile(np.linspace(0, 255, 200).astype(np.uint8), (130, 1))])
    rgba[:20, :40, 3] = 0
    Image.fromarray(rgba, "RGBA").save(path("rgba.png"))
    # Palette PNG with a transparent entry, a very wide aspect ratio.
    pal = Image.fromarray(scene(240, 64, 5)).quantize(colors=32, method=Image.Quantize.MEDIANCUT)
    pal.info["transparency"] = 3
    pal.save(path("palette.png"), transparency=3)
    # 16-bit RGB PNG (Pillow keeps the high byte), upscaled.
    wide = scene(120, 100, 6, noise=0).astype(np.uint16) * 257 + np.uint16(77)
    with open(path("rgb16.png"), "wb") as f:
        f.write(png_bytes(wide, bit_depth=16, color_type=2))
    return paths


def png_bytes(array, bit_depth, color_type, palette=None, trns=None, interlace=False):
    """A PNG written by hand (Pillow cannot write every variant), unfiltered, zlib-compressed."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    height, width = array.shape[:2]
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color_type]
    samples = array.reshape(height, width, channels)

    def row_bytes(rows):
        out = b""
        for row in rows:
            if bit_depth == 16:
                data = row.astype(">u2").tobytes()
            elif bit_depth == 8:
                data = row.astype(np.uint8).tobytes()
            else:
                bits = "".join(format(int(s), "0%db" % bit_depth) for s in row.reshape(-1))
                bits += "0" * (-len(bits) % 8)
                data = int(bits, 2).to_bytes(len(bits) // 8, "big") if bits else b""
            out += b"\x00" + data
        return out

    if interlace:
        raw = b""
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        for x0, y0, dx, dy in passes:
            sub = samples[y0::dy, x0::dx]
            if sub.size:
                raw += row_bytes(sub)
    else:
        raw = row_bytes(samples)
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 1 if interlace else 0)
    body = chunk(b"IHDR", header)
    if palette is not None:
        body += chunk(b"PLTE", bytes(np.asarray(palette, dtype=np.uint8).reshape(-1)))
    if trns is not None:
        body += chunk(b"tRNS", trns)
    body += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def write_small_images():
    """Tiny images of each decoder path, and Pillow's + convert_to_rgb's RGB of each."""
    import struct

    small = os.path.join(IMAGE_DIR, "small")
    os.makedirs(small, exist_ok=True)
    rng = np.random.default_rng(42)
    w, h = 7, 5
    files = {}
    files["gray1.png"] = png_bytes(rng.integers(0, 2, (h, w)), 1, 0)
    files["gray2.png"] = png_bytes(rng.integers(0, 4, (h, w)), 2, 0)
    files["gray4.png"] = png_bytes(rng.integers(0, 16, (h, w)), 4, 0)
    files["gray8.png"] = png_bytes(rng.integers(0, 256, (h, w)), 8, 0)
    files["gray8-trns.png"] = png_bytes(np.array([[10, 20, 30, 10, 40, 10, 50]] * h), 8, 0, trns=struct.pack(">H", 10))
    files["gray-alpha.png"] = png_bytes(rng.integers(0, 256, (h, w, 2)), 8, 4)
    files["rgb8.png"] = png_bytes(rng.integers(0, 256, (h, w, 3)), 8, 2)
    files["rgb8-interlaced.png"] = png_bytes(rng.integers(0, 256, (h, w, 3)), 8, 2, interlace=True)
    files["rgb16.png"] = png_bytes(rng.integers(0, 65536, (h, w, 3)), 16, 2)
    files["rgba8.png"] = png_bytes(rng.integers(0, 256, (h, w, 4)), 8, 6)
    files["rgba16.png"] = png_bytes(rng.integers(0, 65536, (h, w, 4)), 16, 6)
    palette = rng.integers(0, 256, (16, 3))
    files["palette4.png"] = png_bytes(rng.integers(0, 16, (h, w)), 4, 3, palette=palette)
    files["palette8-trns.png"] = png_bytes(
        rng.integers(0, 16, (h, w)), 8, 3, palette=palette, trns=bytes(rng.integers(0, 256, 10).astype(np.uint8)))
    files["rgb8-trns.png"] = png_bytes(
        np.array([[[1, 2, 3], [4, 5, 6]] * 3 + [[1, 2, 3]]] * h), 8, 2, trns=struct.pack(">HHH", 1, 2, 3))
    for name, data in files.items():
        with open(os.path.join(small, name), "wb") as f:
            f.write(data)
    picture = scene(17, 13, 9)
    Image.fromarray(picture).save(os.path.join(small, "ycbcr420.jpg"), quality=80)
    Image.fromarray(picture).save(os.path.join(small, "ycbcr422.jpg"), quality=80, subsampling=1)
    Image.fromarray(picture).save(os.path.join(small, "progressive.jpg"), quality=80, progressive=True)
    Image.fromarray(picture[..., 0]).save(os.path.join(small, "gray.jpg"), quality=80)
    Image.fromarray(picture).convert("CMYK").save(os.path.join(small, "cmyk.jpg"), quality=95)
    decoded = {}
    for name in sorted(os.listdir(small)):
        if name.endswith(".json"):
            continue
        with Image.open(os.path.join(small, name)) as im:
            im.load()
            rgb = convert_to_rgb(im, return_numpy=True)
            decoded[name] = {"mode": im.mode, "width": im.width, "height": im.height, "rgb": rgb.reshape(-1).tolist()}
    with open(os.path.join(small, "decoded.json"), "w") as f:
        json.dump(decoded, f)
        f.write("\n")
    print("small images:", {k: v["mode"] for k, v in decoded.items()}, file=sys.stderr)


def save_expected_224(paths, out_dir):
    """Runs clip-vit-base-patch32's preprocessing and stores each 224 crop as an 8-bit PNG."""
    os.makedirs(out_dir, exist_ok=True)
    processor = CLIPImageProcessorPil()  # clip-vit-base-patch32's settings are the defaults
    worst = 0.0
    for name, path in paths.items():
        with Image.open(path) as im:
            pixels = processor(images=im, return_tensors="np")["pixel_values"][0]
        levels = (pixels.transpose(1, 2, 0) * STD + MEAN) * 255
        rounded = np.round(levels)
        worst = max(worst, float(np.abs(levels - rounded).max()))
        crop = rounded.astype(np.uint8)
        target = os.path.join(out_dir, name + ".png")
        Image.fromarray(crop).save(target)
        with Image.open(target) as back:
            assert np.array_equal(np.array(back), crop)
        recomputed = ((crop.astype(np.float64) * (1 / 255)).astype(np.float32) - MEAN) / STD
        assert np.abs(recomputed.transpose(2, 0, 1) - pixels).max() < 1e-6, name
    print(f"224 crops: {len(paths)} images, largest distance of a level from an integer {worst:.2e}", file=sys.stderr)
    assert worst < 1e-3


def write_model(paths):
    torch.manual_seed(11)
    config = CLIPVisionConfig(
        hidden_size=32, intermediate_size=37, projection_dim=24, num_hidden_layers=2, num_attention_heads=2,
        image_size=32, patch_size=8, hidden_act="quick_gelu", layer_norm_eps=1e-5,
    )
    model = CLIPVisionModelWithProjection(config).eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "layer_norm" in name or "layrnorm" in name or "layernorm" in name:
                p.copy_((1 if name.endswith("weight") else 0) + 0.2 * torch.randn_like(p))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn_like(p))
            else:
                p.copy_(0.3 * torch.randn_like(p))
    os.makedirs(MODEL_DIR, exist_ok=True)
    model.save_pretrained(MODEL_DIR, safe_serialization=True)
    processor = CLIPImageProcessorPil(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32})
    processor.save_pretrained(MODEL_DIR)
    names = sorted(paths)
    images = [Image.open(paths[n]) for n in names]
    pixels = processor(images=images, return_tensors="pt")["pixel_values"]
    with torch.no_grad():
        out = model(pixel_values=pixels)
    # The processor is 8-bit up to the rescale: store the levels (pixel_values = (levels / 255 - mean) / std).
    levels = (pixels.numpy().transpose(0, 2, 3, 1) * STD + MEAN) * 255
    assert np.abs(levels - np.round(levels)).max() < 1e-3
    levels = np.round(levels).astype(np.uint8)
    recomputed = ((levels.astype(np.float64) * (1 / 255)).astype(np.float32) - MEAN) / STD
    assert np.abs(recomputed.transpose(0, 3, 1, 2) - pixels.numpy()).max() < 1e-6

    def rounded(t):  # 9 significant digits represent a float32 exactly
        return [float("%.9g" % v) for v in t.reshape(-1).tolist()]

    expected = {
        "produced_by": "bench/make_tiny_clip_fixture.py (torch %s, transformers %s, Pillow %s)" % (
            torch.__version__, __import__("transformers").__version__, Image.__version__),
        "images": [os.path.basename(paths[n]) for n in names],
        "pixel_levels_hwc": levels.reshape(len(names), -1).tolist(),
        "image_embeds": [rounded(row) for row in out.image_embeds],
        "class_token_state": [rounded(row) for row in out.last_hidden_state[:, 0]],
    }
    with open(os.path.join(MODEL_DIR, "expected.json"), "w") as f:
        json.dump(expected, f)
        f.write("\n")


def write_large(directory):
    """Larger generated images (JPEG and PNG) and their expected 224 crops, for SSR_CLIP_LARGE_DIR."""
    os.makedirs(directory, exist_ok=True)
    sizes = [(1024, 768), (640, 1600), (2000, 1125), (500, 500), (3000, 400), (225, 900), (1280, 720), (800, 1200)]
    paths = {}
    for i, (w, h) in enumerate(sizes):
        name = f"large{i}-{w}x{h}." + ("jpg" if i % 2 == 0 else "png")
        array = scene(w, h, 100 + i)
        Image.fromarray(array).save(os.path.join(directory, name), **({"quality": 92} if name.endswith("jpg") else {}))
        paths[name.rsplit(".", 1)[0]] = os.path.join(directory, name)
    save_expected_224(paths, os.path.join(directory, "expected-224"))
    with open(os.path.join(directory, "images.json"), "w") as f:
        json.dump(sorted(os.path.basename(p) for p in paths.values()), f)
    print(f"wrote {len(paths)} large images to {directory}", file=sys.stderr)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--large":
        write_large(sys.argv[2])
        return
    paths = write_test_images()
    write_small_images()
    save_expected_224(paths, os.path.join(IMAGE_DIR, "expected-224"))
    write_model(paths)
    sizes = {}
    for root, _, names in os.walk(FIXTURES):
        for n in names:
            if "clip" in root:
                sizes[os.path.join(root, n)] = os.path.getsize(os.path.join(root, n))
    print("fixture bytes:", sum(sizes.values()), file=sys.stderr)


if __name__ == "__main__":
    main()
