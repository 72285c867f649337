// JPEG and PNG decoding for SSR's image encoder. libjpeg's and libpng's default error handlers
// print and exit(); here every error returns through setjmp/longjmp with a message instead.

#include "ssr_image_codecs.h"

// stdio.h first: jpeglib.h uses FILE without including it.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

static void set_message(char *message, size_t size, const char *text) {
  if (message && size > 0) {
    snprintf(message, size, "%s", text);
  }
}

// MARK: - JPEG

typedef struct {
  struct jpeg_error_mgr base;
  jmp_buf jump;
  char text[JMSG_LENGTH_MAX];
  int truncated;
} ssr_jpeg_error;

static void ssr_jpeg_error_exit(j_common_ptr cinfo) {
  ssr_jpeg_error *error = (ssr_jpeg_error *)cinfo->err;
  (*cinfo->err->format_message)(cinfo, error->text);
  longjmp(error->jump, 1);
}

// Warnings are not printed. Premature end of data counts as an error (Pillow raises "image file
// is truncated" there too); other warnings (extraneous bytes, ...) are tolerated.
static void ssr_jpeg_emit_message(j_common_ptr cinfo, int level) {
  if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) {
    ((ssr_jpeg_error *)cinfo->err)->truncated = 1;
  }
  if (level < 0) {
    cinfo->err->num_warnings++;
  }
}

static void ssr_jpeg_output_message(j_common_ptr cinfo) { (void)cinfo; }

// Pillow's MULDIV255: a * b / 255, rounded.
static inline int muldiv255(int a, int b) {
  int t = a * b + 128;
  return ((t >> 8) + t) >> 8;
}

static inline unsigned char clip8(int v) { return (unsigned char)(v < 0 ? 0 : (v > 255 ? 255 : v)); }

int ssr_decode_jpeg(const unsigned char *data, size_t size, long max_pixels, ssr_image *out, char *message, size_t message_size) {
  struct jpeg_decompress_struct cinfo;
  ssr_jpeg_error error;
  // Volatile: they change between setjmp and a possible longjmp.
  unsigned char *volatile pixels = NULL;
  unsigned char *volatile row = NULL;
  volatile int code = SSR_IMAGE_CORRUPT;

  out->pixels = NULL;
  out->width = out->height = 0;
  out->channels = 3;
  memset(&error, 0, sizeof error);
  cinfo.err = jpeg_std_error(&error.base);
  error.base.error_exit = ssr_jpeg_error_exit;
  error.base.emit_message = ssr_jpeg_emit_message;
  error.base.output_message = ssr_jpeg_output_message;
  if (setjmp(error.jump)) {
    set_message(message, message_size, error.text);
    jpeg_destroy_decompress(&cinfo);
    free(pixels);
    free(row);
    return code;
  }
  jpeg_create_decompress(&cinfo);
  if (size == 0) {
    snprintf(error.text, sizeof error.text, "the file is empty");
    longjmp(error.jump, 1);
  }
  jpeg_mem_src(&cinfo, data, (unsigned long)size);
  jpeg_read_header(&cinfo, TRUE);
  if (error.truncated) {
    snprintf(error.text, sizeof error.text, "the file ends inside the JPEG header");
    longjmp(error.jump, 1);
  }
  int components;
  switch (cinfo.jpeg_color_space) {
  case JCS_GRAYSCALE:
    cinfo.out_color_space = JCS_GRAYSCALE;
    components = 1;
    break;
  case JCS_CMYK:
  case JCS_YCCK:
    cinfo.out_color_space = JCS_CMYK;
    components = 4;
    break;
  default:
    cinfo.out_color_space = JCS_RGB;
    components = 3;
    break;
  }
  // Pillow's decoder settings: accurate integer IDCT and fancy upsampling (libjpeg's defaults).
  cinfo.dct_method = JDCT_ISLOW;
  cinfo.do_fancy_upsampling = TRUE;
  jpeg_start_decompress(&cinfo);
  long width = cinfo.output_width, height = cinfo.output_height;
  if (width <= 0 || height <= 0 || (max_pixels > 0 && width * height > max_pixels)) {
    code = SSR_IMAGE_TOO_LARGE;
    snprintf(error.text, sizeof error.text, "the image is %ld x %ld pixels, more than the limit of %ld", width, height, max_pixels);
    longjmp(error.jump, 1);
  }
  if ((int)cinfo.output_components != components) {
    code = SSR_IMAGE_UNSUPPORTED;
    snprintf(error.text, sizeof error.text, "the decoder produced %d components where %d were expected", cinfo.output_components, components);
    longjmp(error.jump, 1);
  }
  pixels = malloc((size_t)width * (size_t)height * 3);
  row = malloc((size_t)width * (size_t)components);
  if (!pixels || !row) {
    code = SSR_IMAGE_TOO_LARGE;
    snprintf(error.text, sizeof error.text, "not enough memory for %ld x %ld pixels", width, height);
    longjmp(error.jump, 1);
  }
  while (cinfo.output_scanline < cinfo.output_height) {
    long y = cinfo.output_scanline;
    JSAMPROW rows[1] = {row};
    jpeg_read_scanlines(&cinfo, rows, 1);
    if (error.truncated) {
      snprintf(error.text, sizeof error.text, "the file is truncated: it ends after %ld of %ld rows", y, height);
      longjmp(error.jump, 1);
    }
    unsigned char *target = pixels + (size_t)y * (size_t)width * 3;
    if (components == 3) {
      memcpy(target, row, (size_t)width * 3);
    } else if (components == 1) {
      for (long x = 0; x < width; x++) {
        target[3 * x] = target[3 * x + 1] = target[3 * x + 2] = row[x];
      }
    } else {
      // Pillow reads JPEG CMYK as inverted ("CMYK;I", Adobe's convention: C = 255 - stored),
      // then converts with R = (255 - K) - C * (255 - K) / 255; 255 - K is the stored K.
      for (long x = 0; x < width; x++) {
        int nk = row[4 * x + 3];
        for (int c = 0; c < 3; c++) {
          int value = 255 - row[4 * x + c];
          target[3 * x + c] = clip8(nk - muldiv255(value, nk));
        }
      }
    }
  }
  jpeg_finish_decompress(&cinfo);
  if (error.truncated) {
    snprintf(error.text, sizeof error.text, "the file is truncated: its end-of-image marker is missing");
    longjmp(error.jump, 1);
  }
  jpeg_destroy_decompress(&cinfo);
  free(row);
  out->pixels = pixels;
  out->width = (int)width;
  out->height = (int)height;
  out->channels = 3;
  return SSR_IMAGE_OK;
}

// MARK: - PNG

typedef struct {
  const unsigned char *data;
  size_t size;
  size_t offset;
  char text[256];
  int code;
} ssr_png_state;

static void ssr_png_read(png_structp png, png_bytep target, size_t length) {
  ssr_png_state *state = (ssr_png_state *)png_get_io_ptr(png);
  if (length > state->size - state->offset) {
    png_error(png, "the file is truncated");
  }
  memcpy(target, state->data + state->offset, length);
  state->offset += length;
}

static void ssr_png_error(png_structp png, png_const_charp text) {
  ssr_png_state *state = (ssr_png_state *)png_get_error_ptr(png);
  if (state->text[0] == 0) {
    snprintf(state->text, sizeof state->text, "%s", text);
  }
  png_longjmp(png, 1);
}

static void ssr_png_warning(png_structp png, png_const_charp text) {
  (void)png;
  (void)text;
}

int ssr_decode_png(const unsigned char *data, size_t size, long max_pixels, ssr_image *out, char *message, size_t message_size) {
  ssr_png_state state;
  memset(&state, 0, sizeof state);
  state.data = data;
  state.size = size;
  state.code = SSR_IMAGE_CORRUPT;
  out->pixels = NULL;
  out->width = out->height = 0;
  out->channels = 3;
  if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
    set_message(message, message_size, "the data does not start with the PNG signature");
    return SSR_IMAGE_CORRUPT;
  }
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, ssr_png_error, ssr_png_warning);
  if (!png) {
    set_message(message, message_size, "libpng could not be initialised");
    return SSR_IMAGE_TOO_LARGE;
  }
  png_infop info = png_create_info_struct(png);
  unsigned char *volatile pixels = NULL;
  png_bytep *volatile rows = NULL;
  if (!info) {
    png_destroy_read_struct(&png, NULL, NULL);
    set_message(message, message_size, "libpng could not be initialised");
    return SSR_IMAGE_TOO_LARGE;
  }
  if (setjmp(png_jmpbuf(png))) {
    set_message(message, message_size, state.text[0] ? state.text : "the PNG data is invalid");
    png_destroy_read_struct(&png, &info, NULL);
    free(pixels);
    free(rows);
    return state.code;
  }
  png_set_read_fn(png, &state, ssr_png_read);
  png_read_info(png, info);
  png_uint_32 width = png_get_image_width(png, info), height = png_get_image_height(png, info);
  if (max_pixels > 0 && (double)width * (double)height > (double)max_pixels) {
    state.code = SSR_IMAGE_TOO_LARGE;
    snprintf(state.text, sizeof state.text, "the image is %u x %u pixels, more than the limit of %ld", width, height, max_pixels);
    png_longjmp(png, 1);
  }
  int color_type = png_get_color_type(png, info);
  int has_alpha = (color_type & PNG_COLOR_MASK_ALPHA) != 0 || png_get_valid(png, info, PNG_INFO_tRNS);
  // Palette to RGB, 1/2/4-bit gray to 8 bits, tRNS to an alpha channel.
  png_set_expand(png);
  png_set_strip_16(png);
  png_set_gray_to_rgb(png);
  if (!has_alpha) {
    png_set_strip_alpha(png);
  }
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  int channels = png_get_channels(png, info);
  if (png_get_bit_depth(png, info) != 8 || (channels != 3 && channels != 4) || (channels == 4) != (has_alpha != 0)) {
    state.code = SSR_IMAGE_UNSUPPORTED;
    snprintf(state.text, sizeof state.text, "colour type %d with %d-bit samples cannot be converted to RGB", color_type,
             png_get_bit_depth(png, info));
    png_longjmp(png, 1);
  }
  size_t stride = png_get_rowbytes(png, info);
  if (stride != (size_t)width * (size_t)channels) {
    state.code = SSR_IMAGE_UNSUPPORTED;
    snprintf(state.text, sizeof state.text, "unexpected row size %zu for %u pixels", stride, width);
    png_longjmp(png, 1);
  }
  pixels = malloc(stride * height);
  rows = malloc(sizeof(png_bytep) * height);
  if (!pixels || !rows) {
    state.code = SSR_IMAGE_TOO_LARGE;
    snprintf(state.text, sizeof state.text, "not enough memory for %u x %u pixels", width, height);
    png_longjmp(png, 1);
  }
  for (png_uint_32 y = 0; y < height; y++) {
    rows[y] = pixels + (size_t)y * stride;
  }
  // The chunks after the image data are not needed (nor checked).
  png_read_image(png, rows);
  png_destroy_read_struct(&png, &info, NULL);
  free(rows);
  out->pixels = pixels;
  out->width = (int)width;
  out->height = (int)height;
  out->channels = channels;
  return SSR_IMAGE_OK;
}

void ssr_image_free(ssr_image *image) {
  if (image) {
    free(image->pixels);
    image->pixels = NULL;
  }
}
