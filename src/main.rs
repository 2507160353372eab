//! The `mileport` binary: the process is run by the library
//! (`cli/process.rs`), where the commands are compiled once.

fn main() -> std::process::ExitCode {
    mileport::cli::process::main()
}
