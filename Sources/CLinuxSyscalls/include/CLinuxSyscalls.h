// Linux system calls that Swift's Glibc module does not import (glibc declares them only under
// _GNU_SOURCE, or not at all).
#ifndef WIRED_CLINUXSYSCALLS_H
#define WIRED_CLINUXSYSCALLS_H

#include <stddef.h>

/// Unmaps this process's pages of its executable's read-only segments (code and constants), which the kernel
/// maps back from the page cache on the next touch: what start-up alone ran stops counting in our RSS.
/// Writable segments are left alone. Returns the bytes of address space advised (0 off Linux).
/// docs/linux.md §12.5.
size_t wired_release_text_pages(void);

/// Makes every thread allocate from the one main malloc arena (`mallopt(M_ARENA_MAX, 1)`), instead of an
/// arena per thread that each keeps freed memory of its own; for a command whose threads take turns. Called
/// before those threads start. Returns mallopt's 1 on success (0 off Linux). docs/linux.md §12.5.
int wired_one_malloc_arena(void);

#ifdef __linux__
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
