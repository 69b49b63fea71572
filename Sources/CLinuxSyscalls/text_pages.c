// wired_release_text_pages and wired_one_malloc_arena: see CLinuxSyscalls.h.
#ifdef __linux__
#define _GNU_SOURCE
#include <link.h>
#include <malloc.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "CLinuxSyscalls.h"

static int release_object(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    size_t *released = data;
    // The vDSO is the kernel's page, not our executable's.
    if (info->dlpi_name != NULL && strstr(info->dlpi_name, "vdso") != NULL) return 0;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int index = 0; index < info->dlpi_phnum; index++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[index];
        // Only segments never written: a writable one (data, relocated RELRO) holds private changes.
        if (header->p_type != PT_LOAD || (header->p_flags & PF_W) != 0) continue;
        // Whole pages inside the segment only, so no page another segment maps (with write access) is advised.
        uintptr_t start = (info->dlpi_addr + header->p_vaddr + page - 1) & ~(page - 1);
        uintptr_t end = (info->dlpi_addr + header->p_vaddr + header->p_memsz) & ~(page - 1);
        if (end > start && madvise((void *)start, end - start, MADV_DONTNEED) == 0) *released += end - start;
    }
    return 0;
}

size_t wired_release_text_pages(void) {
    size_t released = 0;
    dl_iterate_phdr(release_object, &released);
    return released;
}

int wired_one_malloc_arena(void) { return mallopt(M_ARENA_MAX, 1); }
#else
#include <stddef.h>

#include "CLinuxSyscalls.h"

size_t wired_release_text_pages(void) { return 0; }

int wired_one_malloc_arena(void) { return 0; }
#endif
