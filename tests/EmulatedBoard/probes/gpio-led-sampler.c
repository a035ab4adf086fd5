/*
 * Samples gpio-sim line values over time, for checking LED blink patterns on the emulated board:
 * one long-running process (a process start costs 0.1-0.3 s in the guest, so a shell loop
 * spawning readers cannot sample every 20 ms).
 *
 *   gpio-led-sampler OUT INTERVAL_MS NAME=PATH [NAME=PATH ...]
 *
 * Every INTERVAL_MS (CLOCK_MONOTONIC, absolute deadlines) it reads each PATH (a gpio-sim
 * sim_gpioN/value file: "0" or "1") and writes a line to OUT whenever a value changes:
 *
 *   EPOCH_US NAME VALUE GAP_US
 *
 * EPOCH_US is CLOCK_REALTIME in microseconds, the clock of bash's $EPOCHREALTIME and of edge's
 * log timestamps; GAP_US is how long before it the previous sample was taken, so the change
 * happened within GAP_US before EPOCH_US (a guest that stalls the sampler makes it large: a
 * reader of the file can tell precise edges from uncertain ones). The first sample of every line
 * is written too, with GAP_US 0. On SIGTERM or SIGINT it writes
 * "# end EPOCH_US samples=N mean_gap_us=G max_gap_us=M late=L" (the gaps between samples, and
 * how many samples came more than two intervals apart) and exits 0.
 * Built on the host by scenarios/gpio.sh (cc -O2 -Wall -Werror).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_LINES 16

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static long long now_us(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s OUT INTERVAL_MS NAME=PATH [NAME=PATH ...]\n", argv[0]);
		return 2;
	}
	FILE *out = fopen(argv[1], "w");
	if (!out) {
		fprintf(stderr, "gpio-led-sampler: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	long interval_ms = strtol(argv[2], NULL, 10);
	if (interval_ms < 1 || interval_ms > 1000) {
		fprintf(stderr, "gpio-led-sampler: INTERVAL_MS must be 1 to 1000\n");
		return 2;
	}
	int count = argc - 3;
	if (count > MAX_LINES) {
		fprintf(stderr, "gpio-led-sampler: at most %d lines\n", MAX_LINES);
		return 2;
	}
	char *names[MAX_LINES];
	int fds[MAX_LINES];
	int values[MAX_LINES];
	for (int i = 0; i < count; i++) {
		char *arg = argv[3 + i];
		char *eq = strchr(arg, '=');
		if (!eq) {
			fprintf(stderr, "gpio-led-sampler: %s is not NAME=PATH\n", arg);
			return 2;
		}
		*eq = '\0';
		names[i] = arg;
		fds[i] = open(eq + 1, O_RDONLY | O_CLOEXEC);
		if (fds[i] < 0) {
			fprintf(stderr, "gpio-led-sampler: %s: %s\n", eq + 1, strerror(errno));
			return 1;
		}
		values[i] = -1;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	long long samples = 0, gap_sum = 0, gap_max = 0, late = 0, last = 0;
	struct timespec next;
	clock_gettime(CLOCK_MONOTONIC, &next);
	fprintf(out, "# start %lld interval_ms=%ld\n", now_us(CLOCK_REALTIME), interval_ms);
	fflush(out);
	while (!stop) {
		long long mono = now_us(CLOCK_MONOTONIC);
		long long gap = samples > 0 ? mono - last : 0;
		if (samples > 0) {
			gap_sum += gap;
			if (gap > gap_max)
				gap_max = gap;
			if (gap > 2 * interval_ms * 1000)
				late++;
		}
		last = mono;
		samples++;
		long long wall = now_us(CLOCK_REALTIME);
		int changed = 0;
		for (int i = 0; i < count; i++) {
			char buf[8];
			ssize_t n = pread(fds[i], buf, sizeof(buf), 0);
			if (n <= 0)
				continue;
			int v = buf[0] == '1';
			if (v != values[i]) {
				values[i] = v;
				fprintf(out, "%lld %s %d %lld\n", wall, names[i], v, gap);
				changed = 1;
			}
		}
		if (changed)
			fflush(out);

		next.tv_nsec += interval_ms * 1000000L;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		/* Fell behind by more than an interval (the guest was busy): sample now, don't catch up. */
		struct timespec mono_now;
		clock_gettime(CLOCK_MONOTONIC, &mono_now);
		if (mono_now.tv_sec > next.tv_sec || (mono_now.tv_sec == next.tv_sec && mono_now.tv_nsec > next.tv_nsec))
			next = mono_now;
		else
			while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR && !stop)
				;
	}
	fprintf(out, "# end %lld samples=%lld mean_gap_us=%lld max_gap_us=%lld late=%lld\n", now_us(CLOCK_REALTIME), samples,
		samples > 1 ? gap_sum / (samples - 1) : 0, gap_max, late);
	fclose(out);
	return 0;
}
