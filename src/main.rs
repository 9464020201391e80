//! The `twinstack` command; everything happens in the library.
//!
//! mimalloc replaces the system allocator: linting and rendering build many small strings and
//! syntax nodes, and glibc's malloc was about a quarter of the CPU time of `lint` (perf, 10,000
//! blueprints on two threads).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    twinstack::cli::main()
}
