#ifndef C_TENANTMOCK_EPOLL_H
#define C_TENANTMOCK_EPOLL_H
// Exposes epoll and eventfd, which Glibc's Swift overlay does not import.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#endif
