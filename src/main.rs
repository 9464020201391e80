//! The `twinstack` command; everything happens in the library.

fn main() -> std::process::ExitCode {
    twinstack::cli::main()
}
