// Linux system calls that Swift's Glibc module does not import (glibc declares them only under
// _GNU_SOURCE, or not at all).
#ifndef WIRED_CLINUXSYSCALLS_H
#define WIRED_CLINUXSYSCALLS_H

#ifdef __linux__
#include <stddef.h>
#include <sys/syscall.h>
#include <unistd.h>

/// getdents64(2) into the caller's buffer: lists a directory open as `fd` without opendir's fstat,
/// fcntl and 32 KiB allocation (thousands of /proc/PID/fd directories are listed per reading).
static inline long wired_getdents64(int fd, void *buffer, size_t size) {
    return syscall(SYS_getdents64, fd, buffer, size);
}

/// memfd_create(2): an anonymous file in shmem; its descriptors link to "/memfd:NAME (deleted)".
static inline int wired_memfd_create(const char *name) {
    return (int)syscall(SYS_memfd_create, name, 0u);
}
#else
#include <errno.h>
#include <stddef.h>

/// Other systems have neither call: they fail with ENOSYS, so the Linux reader compiles everywhere.
static inline long wired_getdents64(int fd, void *buffer, size_t size) {
    (void)fd; (void)buffer; (void)size;
    errno = ENOSYS;
    return -1;
}

static inline int wired_memfd_create(const char *name) {
    (void)name;
    errno = ENOSYS;
    return -1;
}
#endif

#endif
