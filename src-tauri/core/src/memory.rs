//! How the process asks the system allocator to hand memory back.
//!
//! glibc serves a large buffer with pages of its own (returned to the system when it is freed)
//! only above a threshold that it raises to the size of each such buffer freed, up to 32 MB.
//! After the first long article, an article's multi-megabyte vectors (its text, sentences,
//! claims) come from the heap instead, and what they leave behind stays with the process as
//! the next article is read: the analyze bench's peak over its rounds was 132 MB on a 10 MB
//! article, of which a single run needs 77 MB. With the threshold fixed it is 100–104 MB.
//!
//! glibc also gives a thread that starts while others allocate a new arena of its own (up to
//! eight per core), and memory freed in one arena serves only that arena. Import, analysis
//! and the JSON writer each start their threads afresh, so one article's leftovers sat in
//! arenas the next one did not use. One arena per core is enough, since those stages never run
//! more threads than cores: 91–97 MB.

/// Buffers of this size or more always get pages of their own.
pub const LARGE_BUFFER: usize = 256 * 1024;

/// Fixes the allocator's large-buffer threshold at [`LARGE_BUFFER`] and its arenas at one per
/// core. Call it first thing in `main`, before any other thread runs; elsewhere than Linux
/// with glibc it does nothing.
pub fn return_large_buffers() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
        let arenas = libc::c_int::try_from(cores).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt only sets the allocator's tunables; it takes plain integers and is
        // called before any other thread of this process allocates.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, LARGE_BUFFER as libc::c_int);
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}
