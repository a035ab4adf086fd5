/*
 * Proves, against the kernel's own drivers, the zero-copy path a V4L2 camera pipeline uses:
 * a capture device's buffers exported with VIDIOC_EXPBUF and queued, as DMABUF, on the OUTPUT
 * (raw) queue of a stateful memory-to-memory encoder, whose CAPTURE queue yields the encoded
 * frames. On the emulated board: vivid (capture) into vicodec's stateful encoder (FWHT).
 *
 *   v4l2-dmabuf-probe CAPTURE_DEV ENCODER_DEV [FRAMES [FOURCC]]
 *
 * Prints one line per step and exits 0 when FRAMES frames (default 30) of FOURCC (default
 * YUYV) at 640x480 went through; 1 on a failure; 3 ("SKIP") when the capture device does not
 * deliver FOURCC, or the encoder would lay it out differently (another format, line stride or
 * picture size), so the buffers cannot be imported as they are.
 * Built on the host by scenarios/v4l2-dmabuf.sh (cc -O2 -Wall -Werror).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/videodev2.h>

#define NBUF 4
#define WIDTH 640
#define HEIGHT 480
#define EXIT_SKIP 3

static int xioctl(int fd, unsigned long req, void *arg, const char *what)
{
	int r;
	do
		r = ioctl(fd, req, arg);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		fprintf(stderr, "FAIL %s: %s\n", what, strerror(errno));
	return r;
}

static int set_format(int fd, enum v4l2_buf_type type, unsigned int fourcc, struct v4l2_format *fmt, const char *what)
{
	memset(fmt, 0, sizeof(*fmt));
	fmt->type = type;
	fmt->fmt.pix.width = WIDTH;
	fmt->fmt.pix.height = HEIGHT;
	fmt->fmt.pix.pixelformat = fourcc;
	fmt->fmt.pix.field = V4L2_FIELD_NONE;
	return xioctl(fd, VIDIOC_S_FMT, fmt, what);
}

static int request(int fd, enum v4l2_buf_type type, enum v4l2_memory memory, const char *what)
{
	struct v4l2_requestbuffers rb = { .count = NBUF, .type = type, .memory = memory };
	if (xioctl(fd, VIDIOC_REQBUFS, &rb, what) < 0)
		return -1;
	return (int)rb.count;
}

static int queue(int fd, enum v4l2_buf_type type, enum v4l2_memory memory, unsigned int index, int dmabuf_fd,
		 unsigned int bytesused, unsigned int length, const char *what)
{
	struct v4l2_buffer b = { .type = type, .memory = memory, .index = index };
	if (memory == V4L2_MEMORY_DMABUF) {
		b.m.fd = dmabuf_fd;
		b.length = length;
		b.bytesused = bytesused;
	}
	return xioctl(fd, VIDIOC_QBUF, &b, what);
}

static int dequeue(int fd, enum v4l2_buf_type type, enum v4l2_memory memory, struct v4l2_buffer *b, const char *what)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT | POLLPRI };
	if (poll(&p, 1, 5000) <= 0) {
		fprintf(stderr, "FAIL %s: no buffer within 5 s\n", what);
		return -1;
	}
	memset(b, 0, sizeof(*b));
	b->type = type;
	b->memory = memory;
	return xioctl(fd, VIDIOC_DQBUF, b, what);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s CAPTURE_DEV ENCODER_DEV [FRAMES]\n", argv[0]);
		return 2;
	}
	int frames = argc > 3 ? atoi(argv[3]) : 30;
	unsigned int fourcc = V4L2_PIX_FMT_YUYV;
	if (argc > 4) {
		char code[4] = { ' ', ' ', ' ', ' ' };
		memcpy(code, argv[4], strnlen(argv[4], 4));
		fourcc = v4l2_fourcc(code[0], code[1], code[2], code[3]);
	}
	int cap = open(argv[1], O_RDWR | O_NONBLOCK);
	int enc = open(argv[2], O_RDWR | O_NONBLOCK);
	if (cap < 0 || enc < 0) {
		fprintf(stderr, "FAIL open: %s\n", strerror(errno));
		return 1;
	}

	struct v4l2_format cf, eo, ec;
	if (set_format(cap, V4L2_BUF_TYPE_VIDEO_CAPTURE, fourcc, &cf, "capture S_FMT") < 0)
		return 1;
	if (cf.fmt.pix.pixelformat != fourcc) {
		printf("SKIP %.4s: the capture device set %.4s\n", (char *)&fourcc, (char *)&cf.fmt.pix.pixelformat);
		return EXIT_SKIP;
	}
	struct v4l2_streamparm parm = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	parm.parm.capture.timeperframe.numerator = 1;
	parm.parm.capture.timeperframe.denominator = 25;
	if (xioctl(cap, VIDIOC_S_PARM, &parm, "capture S_PARM 25 fps") < 0)
		return 1;
	printf("capture format %ux%u %.4s, %u bytes per line, %u bytes a frame, %u/%u s a frame\n", cf.fmt.pix.width, cf.fmt.pix.height,
	       (char *)&fourcc, cf.fmt.pix.bytesperline, cf.fmt.pix.sizeimage, parm.parm.capture.timeperframe.numerator,
	       parm.parm.capture.timeperframe.denominator);
	int ncap = request(cap, V4L2_BUF_TYPE_VIDEO_CAPTURE, V4L2_MEMORY_MMAP, "capture REQBUFS MMAP");
	if (ncap < 1)
		return 1;

	int dmabuf[NBUF];
	for (int i = 0; i < ncap; i++) {
		struct v4l2_exportbuffer eb = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .index = (unsigned)i, .flags = O_RDWR | O_CLOEXEC };
		if (xioctl(cap, VIDIOC_EXPBUF, &eb, "capture VIDIOC_EXPBUF") < 0)
			return 1;
		dmabuf[i] = eb.fd;
	}
	printf("PASS VIDIOC_EXPBUF: %d capture buffers exported as DMABUF fds\n", ncap);

	if (set_format(enc, V4L2_BUF_TYPE_VIDEO_OUTPUT, fourcc, &eo, "encoder OUTPUT S_FMT") < 0)
		return 1;
	if (eo.fmt.pix.pixelformat != fourcc || eo.fmt.pix.width != cf.fmt.pix.width || eo.fmt.pix.height != cf.fmt.pix.height ||
	    eo.fmt.pix.bytesperline != cf.fmt.pix.bytesperline || eo.fmt.pix.sizeimage > cf.fmt.pix.sizeimage) {
		printf("SKIP %.4s: the encoder lays it out as %.4s %ux%u, %u bytes per line, %u bytes (the camera: %ux%u, %u, %u)\n",
		       (char *)&fourcc, (char *)&eo.fmt.pix.pixelformat, eo.fmt.pix.width, eo.fmt.pix.height, eo.fmt.pix.bytesperline,
		       eo.fmt.pix.sizeimage, cf.fmt.pix.width, cf.fmt.pix.height, cf.fmt.pix.bytesperline, cf.fmt.pix.sizeimage);
		return EXIT_SKIP;
	}
	memset(&ec, 0, sizeof(ec));
	ec.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if (xioctl(enc, VIDIOC_G_FMT, &ec, "encoder CAPTURE G_FMT") < 0)
		return 1;
	printf("encoder OUTPUT %ux%u %.4s (%u bytes), CAPTURE %.4s (%u bytes)\n", eo.fmt.pix.width, eo.fmt.pix.height,
	       (char *)&fourcc, eo.fmt.pix.sizeimage, (char *)&ec.fmt.pix.pixelformat, ec.fmt.pix.sizeimage);
	int nout = request(enc, V4L2_BUF_TYPE_VIDEO_OUTPUT, V4L2_MEMORY_DMABUF, "encoder OUTPUT REQBUFS DMABUF");
	int nenc = request(enc, V4L2_BUF_TYPE_VIDEO_CAPTURE, V4L2_MEMORY_MMAP, "encoder CAPTURE REQBUFS MMAP");
	if (nout < 1 || nenc < 1)
		return 1;
	void *encmap[NBUF];
	for (int i = 0; i < nenc; i++) {
		struct v4l2_buffer b = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP, .index = (unsigned)i };
		if (xioctl(enc, VIDIOC_QUERYBUF, &b, "encoder CAPTURE QUERYBUF") < 0)
			return 1;
		encmap[i] = mmap(NULL, b.length, PROT_READ, MAP_SHARED, enc, b.m.offset);
		if (encmap[i] == MAP_FAILED) {
			perror("FAIL mmap");
			return 1;
		}
		if (queue(enc, V4L2_BUF_TYPE_VIDEO_CAPTURE, V4L2_MEMORY_MMAP, (unsigned)i, -1, 0, 0, "encoder CAPTURE QBUF") < 0)
			return 1;
	}
	for (int i = 0; i < ncap; i++)
		if (queue(cap, V4L2_BUF_TYPE_VIDEO_CAPTURE, V4L2_MEMORY_MMAP, (unsigned)i, -1, 0, 0, "capture QBUF") < 0)
			return 1;
	enum v4l2_buf_type t = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if (xioctl(cap, VIDIOC_STREAMON, &t, "capture STREAMON") < 0 || xioctl(enc, VIDIOC_STREAMON, &t, "encoder CAPTURE STREAMON") < 0)
		return 1;
	t = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	if (xioctl(enc, VIDIOC_STREAMON, &t, "encoder OUTPUT STREAMON") < 0)
		return 1;

	/* The OUTPUT queue's slot i carries capture buffer i's DMABUF, so slot and buffer stay paired. */
	unsigned long total = 0;
	int imported = 0;
	for (int n = 0; n < frames; n++) {
		struct v4l2_buffer b, o, e;
		if (dequeue(cap, V4L2_BUF_TYPE_VIDEO_CAPTURE, V4L2_MEMORY_MMAP, &b, "capture DQBUF") < 0)
			return 1;
		if (queue(enc, V4L2_BUF_TYPE_VIDEO_OUTPUT, V4L2_MEMORY_DMABUF, b.index % (unsigned)nout, dmabuf[b.index], b.bytesused,
			  cf.fmt.pix.sizeimage, "encoder OUTPUT QBUF DMABUF (import)") < 0)
			return 1;
		if (!imported++)
			printf("PASS DMABUF import: the encoder accepted a capture buffer's fd on its OUTPUT queue\n");
		if (dequeue(enc, V4L2_BUF_TYPE_VIDEO_CAPTURE, V4L2_MEMORY_MMAP, &e, "encoder CAPTURE DQBUF") < 0)
			return 1;
		if (dequeue(enc, V4L2_BUF_TYPE_VIDEO_OUTPUT, V4L2_MEMORY_DMABUF, &o, "encoder OUTPUT DQBUF") < 0)
			return 1;
		if (n == 0) {
			const unsigned char *p = encmap[e.index];
			printf("first encoded frame: %u bytes, starts %02x %02x %02x %02x\n", e.bytesused, p[0], p[1], p[2], p[3]);
		}
		total += e.bytesused;
		if (queue(enc, V4L2_BUF_TYPE_VIDEO_CAPTURE, V4L2_MEMORY_MMAP, e.index, -1, 0, 0, "encoder CAPTURE QBUF") < 0 ||
		    queue(cap, V4L2_BUF_TYPE_VIDEO_CAPTURE, V4L2_MEMORY_MMAP, b.index, -1, 0, 0, "capture QBUF") < 0)
			return 1;
	}
	printf("PASS %d frames of %.4s captured by %s and encoded by %s through DMABUF, %lu bytes of FWHT\n", frames, (char *)&fourcc, argv[1],
	       argv[2], total);
	return 0;
}
