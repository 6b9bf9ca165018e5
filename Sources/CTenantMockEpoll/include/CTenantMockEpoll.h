#ifndef C_TENANTMOCK_EPOLL_H
#define C_TENANTMOCK_EPOLL_H
// Exposes epoll, eventfd and accept4, which Glibc's Swift overlay does not import,
// through plain functions and an unpacked event struct (glibc packs `struct
// epoll_event` on x86_64, which is awkward to use from Swift).
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

/// One readiness event: the epoll event bits and the file descriptor registered.
typedef struct ctm_epoll_event {
    uint32_t events;
    int32_t fd;
} ctm_epoll_event;

/// epoll interest and readiness bits, as plain constants.
static const uint32_t CTM_EPOLLIN = EPOLLIN;
static const uint32_t CTM_EPOLLOUT = EPOLLOUT;
static const uint32_t CTM_EPOLLERR = EPOLLERR;
static const uint32_t CTM_EPOLLHUP = EPOLLHUP;
static const uint32_t CTM_EPOLLRDHUP = EPOLLRDHUP;
static const uint32_t CTM_EPOLLEXCLUSIVE = EPOLLEXCLUSIVE;

/// A close-on-exec epoll instance, or -1 with errno set.
int ctm_epoll_create(void);
/// `epoll_ctl` with `fd` itself as the event's data. `op` is 1 (add), 2 (delete) or 3 (modify).
int ctm_epoll_ctl(int epfd, int op, int fd, uint32_t events);
/// `epoll_wait` into unpacked events; at most 256 events per call.
int ctm_epoll_wait(int epfd, ctm_epoll_event *events, int max_events, int timeout_ms);
/// A non-blocking, close-on-exec eventfd, or -1 with errno set.
int ctm_eventfd(void);
/// `accept4` making the new socket non-blocking and close-on-exec; -1 with errno set on failure.
int ctm_accept(int fd);
/// Asks the scheduler for time slices of `nanoseconds` for the calling thread (`sched_setattr`
/// with `sched_runtime`: EEVDF custom slices, Linux 6.12 and later; older kernels ignore it).
/// Only a thread under the default policy is changed, and its nice value is kept.
/// 0 on success, -1 with errno set otherwise.
int ctm_request_slice(uint64_t nanoseconds);
/// The CPU that last processed packets received on socket `fd` (`SO_INCOMING_CPU`), or -1.
int ctm_incoming_cpu(int fd);
/// The CPUs this process may run on, written to `cpus` (at most `capacity`, lowest first);
/// returns how many, or -1 with errno set.
int ctm_allowed_cpus(int *cpus, int capacity);
/// Binds the calling thread to one CPU (the tests play clients on given cores with it).
/// 0 on success, -1 with errno set otherwise.
int ctm_bind_thread(int cpu);
/// Names the calling thread (at most 15 bytes are kept), as `top -H` and /proc show it.
int ctm_name_thread(const char *name);

#endif
