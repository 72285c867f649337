#ifndef SSR_IMAGE_CODECS_H
#define SSR_IMAGE_CODECS_H

#include <stddef.h>

/// Result codes of the decoders.
enum {
  /// The image was decoded.
  SSR_IMAGE_OK = 0,
  /// The data is damaged or truncated (the message says how).
  SSR_IMAGE_CORRUPT = 1,
  /// The data is valid but uses a feature the decoder does not handle (the message says which).
  SSR_IMAGE_UNSUPPORTED = 2,
  /// The image is larger than the pixel limit or memory allows.
  SSR_IMAGE_TOO_LARGE = 3,
};

/// A decoded image: 8-bit samples, interleaved, rows top to bottom, no padding.
typedef struct {
  /// `width * height * channels` bytes from malloc; free with ssr_image_free.
  unsigned char *pixels;
  int width;
  int height;
  /// 3 (RGB) or 4 (RGBA, straight alpha).
  int channels;
} ssr_image;

/// Decodes a baseline, progressive or arithmetic-coded JPEG from memory to RGB (grayscale is
/// replicated; CMYK and YCCK are converted as Pillow does, assuming Adobe's inverted CMYK).
/// Returns an SSR_IMAGE_* code; on failure, `message` holds a NUL-terminated description and
/// `out->pixels` is NULL. Never exits the process and never prints.
int ssr_decode_jpeg(const unsigned char *data, size_t size, long max_pixels, ssr_image *out, char *message, size_t message_size);

/// Decodes a PNG from memory to RGB, or to RGBA when the file has an alpha channel or a tRNS
/// chunk. Palettes are expanded, 1/2/4-bit samples scaled to 8 bits, grayscale replicated and
/// 16-bit samples reduced to their high byte; gamma and colour-profile chunks are ignored (as
/// Pillow does). Returns an SSR_IMAGE_* code as ssr_decode_jpeg does.
int ssr_decode_png(const unsigned char *data, size_t size, long max_pixels, ssr_image *out, char *message, size_t message_size);

/// Frees the pixels of an image the decoders filled in (NULL pixels are allowed).
void ssr_image_free(ssr_image *image);

#endif
