// Feeds Motion-JPEG pictures into a v4l2loopback device, as a camera would deliver them, with
// damaged pictures on request: the emulated board's MJPEG camera for the bad-frame cases.
//
//   mjpeg-writer DEVICE WIDTH HEIGHT FPS PICTURES.mjpeg SECONDS [FROM:LENGTH ...]
//
// PICTURES.mjpeg is a series of JPEGs back to back (ffmpeg -c:v mjpeg -f mjpeg); they are written
// one per buffer at FPS, in a loop, for SECONDS. Pictures written in each stretch from second FROM
// for LENGTH seconds are cut short to a third of their length (a USB camera's truncated transfer:
// the end-of-image marker is missing). Prints one line at the end: "written N pictures (M cut short)".
//
// The pictures go through the output queue's streaming I/O (REQBUFS, mmap, QBUF with bytesused,
// STREAMON), as GStreamer's v4l2sink does, not write(): v4l2loopback 0.12.7 marks an opener as
// its writer only at STREAMON, so after a write()-only writer (ffmpeg's v4l2 output) closes, a
// device loaded with exclusive_caps=1 never offers its output side again until it is reloaded.
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_PICTURES 4096
#define BUFFERS 4
#define MAX_STRETCHES 8

static double now_s(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
  if (argc < 7 || argc > 7 + MAX_STRETCHES) {
    fprintf(stderr, "usage: %s DEVICE WIDTH HEIGHT FPS PICTURES.mjpeg SECONDS [FROM:LENGTH ...]\n", argv[0]);
    return 2;
  }
  const char *device = argv[1];
  int width = atoi(argv[2]), height = atoi(argv[3]), fps = atoi(argv[4]);
  double seconds = atof(argv[6]);
  double bad_from[MAX_STRETCHES], bad_seconds[MAX_STRETCHES];
  int stretches = argc - 7;
  for (int i = 0; i < stretches; i++)
    if (sscanf(argv[7 + i], "%lf:%lf", &bad_from[i], &bad_seconds[i]) != 2) {
      fprintf(stderr, "mjpeg-writer: '%s' is not FROM:LENGTH (seconds)\n", argv[7 + i]);
      return 2;
    }
  if (width <= 0 || height <= 0 || fps <= 0 || seconds <= 0) {
    fprintf(stderr, "mjpeg-writer: WIDTH, HEIGHT, FPS and SECONDS must be positive\n");
    return 2;
  }

  // The pictures: split at each start-of-image marker that follows an end-of-image marker.
  int in = open(argv[5], O_RDONLY);
  struct stat st;
  if (in < 0 || fstat(in, &st) < 0 || st.st_size < 4) {
    fprintf(stderr, "mjpeg-writer: cannot read %s: %s\n", argv[5], strerror(errno));
    return 1;
  }
  unsigned char *data = malloc(st.st_size);
  size_t got = 0;
  while (got < (size_t)st.st_size) {
    ssize_t n = read(in, data + got, st.st_size - got);
    if (n <= 0) { fprintf(stderr, "mjpeg-writer: short read of %s\n", argv[5]); return 1; }
    got += n;
  }
  close(in);
  static size_t start[MAX_PICTURES + 1];
  int count = 0;
  if (data[0] != 0xFF || data[1] != 0xD8) { fprintf(stderr, "mjpeg-writer: %s does not start with a JPEG\n", argv[5]); return 1; }
  start[count++] = 0;
  for (size_t i = 2; i + 3 < got && count < MAX_PICTURES; i++)
    if (data[i] == 0xFF && data[i + 1] == 0xD9 && data[i + 2] == 0xFF && data[i + 3] == 0xD8)
      start[count++] = i + 2;
  start[count] = got;

  int fd = open(device, O_RDWR);
  if (fd < 0) { fprintf(stderr, "mjpeg-writer: open %s: %s\n", device, strerror(errno)); return 1; }
  // VIDIOC_QUERYCAP first: with exclusive_caps=1, v4l2loopback recomputes the capabilities the
  // V4L2 core checks ioctls against only when asked for them, so after an earlier writer has gone
  // (and a reader last asked while it wrote) the device still claims capture only, and S_FMT on
  // the output queue fails with EINVAL until someone calls QUERYCAP.
  struct v4l2_capability cap;
  if (ioctl(fd, VIDIOC_QUERYCAP, &cap) < 0) { fprintf(stderr, "mjpeg-writer: VIDIOC_QUERYCAP: %s\n", strerror(errno)); return 1; }
  if (!(cap.device_caps & V4L2_CAP_VIDEO_OUTPUT))
    fprintf(stderr, "mjpeg-writer: %s offers no video output now (device caps 0x%08x); trying anyway\n", device, cap.device_caps);
  struct v4l2_format fmt;
  memset(&fmt, 0, sizeof fmt);
  fmt.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
  fmt.fmt.pix.width = width;
  fmt.fmt.pix.height = height;
  fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_MJPEG;
  fmt.fmt.pix.field = V4L2_FIELD_NONE;
  fmt.fmt.pix.colorspace = V4L2_COLORSPACE_JPEG;
  if (ioctl(fd, VIDIOC_S_FMT, &fmt) < 0) { fprintf(stderr, "mjpeg-writer: VIDIOC_S_FMT MJPEG %dx%d: %s\n", width, height, strerror(errno)); return 1; }
  struct v4l2_streamparm parm;
  memset(&parm, 0, sizeof parm);
  parm.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
  parm.parm.output.timeperframe.numerator = 1;
  parm.parm.output.timeperframe.denominator = fps;
  if (ioctl(fd, VIDIOC_S_PARM, &parm) < 0)
    fprintf(stderr, "mjpeg-writer: VIDIOC_S_PARM %d fps: %s (going on)\n", fps, strerror(errno));

  struct v4l2_requestbuffers req;
  memset(&req, 0, sizeof req);
  req.count = BUFFERS;
  req.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
  req.memory = V4L2_MEMORY_MMAP;
  if (ioctl(fd, VIDIOC_REQBUFS, &req) < 0 || req.count < 1) { fprintf(stderr, "mjpeg-writer: VIDIOC_REQBUFS: %s\n", strerror(errno)); return 1; }
  unsigned char *map[BUFFERS];
  size_t length[BUFFERS];
  for (unsigned i = 0; i < req.count; i++) {
    struct v4l2_buffer b;
    memset(&b, 0, sizeof b);
    b.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    b.memory = V4L2_MEMORY_MMAP;
    b.index = i;
    if (ioctl(fd, VIDIOC_QUERYBUF, &b) < 0) { fprintf(stderr, "mjpeg-writer: VIDIOC_QUERYBUF %u: %s\n", i, strerror(errno)); return 1; }
    length[i] = b.length;
    map[i] = mmap(NULL, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, b.m.offset);
    if (map[i] == MAP_FAILED) { fprintf(stderr, "mjpeg-writer: mmap buffer %u: %s\n", i, strerror(errno)); return 1; }
  }

  double t0 = now_s();
  long written = 0, cut = 0;
  int streaming = 0;
  for (long n = 0;; n++) {
    double due = t0 + (double)n / fps, t = now_s();
    if (due - t0 >= seconds) break;
    if (due > t) {
      struct timespec d = { (time_t)(due - t), (long)((due - t - (time_t)(due - t)) * 1e9) };
      nanosleep(&d, NULL);
    }
    int p = n % count;
    size_t len = start[p + 1] - start[p];
    double at = due - t0;
    int bad = 0;
    for (int i = 0; i < stretches; i++)
      bad |= at >= bad_from[i] && at < bad_from[i] + bad_seconds[i];
    if (bad) { len /= 3; cut++; }
    struct v4l2_buffer b;
    memset(&b, 0, sizeof b);
    b.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    b.memory = V4L2_MEMORY_MMAP;
    if (n < (long)req.count) {
      b.index = n;
    } else if (ioctl(fd, VIDIOC_DQBUF, &b) < 0) {
      fprintf(stderr, "mjpeg-writer: VIDIOC_DQBUF: %s\n", strerror(errno));
      return 1;
    }
    if (len > length[b.index]) len = length[b.index];
    memcpy(map[b.index], data + start[p], len);
    b.bytesused = len;
    b.field = V4L2_FIELD_NONE;
    if (ioctl(fd, VIDIOC_QBUF, &b) < 0) { fprintf(stderr, "mjpeg-writer: VIDIOC_QBUF: %s\n", strerror(errno)); return 1; }
    if (!streaming) {
      int type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
      if (ioctl(fd, VIDIOC_STREAMON, &type) < 0) { fprintf(stderr, "mjpeg-writer: VIDIOC_STREAMON: %s\n", strerror(errno)); return 1; }
      streaming = 1;
    }
    written++;
  }
  printf("written %ld pictures (%ld cut short) from %d distinct in %.1f s\n", written, cut, count, now_s() - t0);
  close(fd);
  return 0;
}
