#define _GNU_SOURCE
#include "CTenantMockEpoll.h"
#include <stddef.h>
#include <sys/socket.h>

int ctm_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int ctm_epoll_ctl(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = 0;
    event.data.fd = fd;
    return epoll_ctl(epfd, op, fd, &event);
}

int ctm_epoll_wait(int epfd, ctm_epoll_event *events, int max_events, int timeout_ms) {
    struct epoll_event raw[256];
    if (max_events > 256) max_events = 256;
    if (max_events < 1) max_events = 1;
    int count = epoll_wait(epfd, raw, max_events, timeout_ms);
    for (int i = 0; i < count; i++) {
        events[i].events = raw[i].events;
        events[i].fd = raw[i].data.fd;
    }
    return count;
}

int ctm_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

int ctm_accept(int fd) {
    return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
