//! `mileport manpage`: the manual page in roff, generated from the same
//! definitions clap parses, with one section per subcommand so that
//! `man mileport` documents every option, then the environment variables
//! it reads and its exit statuses.

use std::{io::Write, process::ExitCode};

use crate::{environment, exit::Exit};

#[derive(Debug, clap::Args)]
pub struct ManpageArgs {}

/// Prints the manual of `command`, the whole command line.
pub fn run(_args: ManpageArgs, command: clap::Command) -> anyhow::Result<ExitCode> {
    let mut page = Vec::new();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    for sub in command.get_subcommands() {
        let name = format!("mileport {}", sub.get_name());
        writeln!(page, ".SH \"{}\"", name.to_uppercase())?;
        let sub_man = clap_mangen::Man::new(sub.clone().bin_name(name));
        let mut body = Vec::new();
        sub_man.render_synopsis_section(&mut body)?;
        sub_man.render_description_section(&mut body)?;
        sub_man.render_options_section(&mut body)?;
        sub_man.render_extra_section(&mut body)?;
        // The sub-page's own section headings become sub-headings here.
        let body = String::from_utf8_lossy(&body).replace(".SH ", ".SS ");
        page.write_all(body.as_bytes())?;
    }
    render_environment(&mut page, &command)?;
    render_exit_status(&mut page)?;
    man.render_extra_section(&mut page)?;
    man.render_version_section(&mut page)?;
    let mut out = std::io::stdout().lock();
    out.write_all(&page)?;
    out.flush()?;
    Ok(Exit::Success.into())
}

/// ENVIRONMENT: every variable read, one tagged paragraph each.
fn render_environment(page: &mut Vec<u8>, command: &clap::Command) -> std::io::Result<()> {
    writeln!(page, ".SH ENVIRONMENT")?;
    for variable in environment::variables(command) {
        let names: Vec<String> = variable
            .names
            .iter()
            .map(|name| format!("\\fB{}\\fR", roff(name)))
            .collect();
        writeln!(
            page,
            ".TP\n{}\n{}",
            names.join(", "),
            roff(&variable.meaning)
        )?;
    }
    Ok(())
}

/// EXIT STATUS: every code and what it means.
fn render_exit_status(page: &mut Vec<u8>) -> std::io::Result<()> {
    writeln!(page, ".SH \"EXIT STATUS\"")?;
    for (exit, meaning) in Exit::MEANINGS {
        writeln!(page, ".TP\n\\fB{}\\fR\n{}", exit as u8, roff(meaning))?;
    }
    Ok(())
}

/// Text safe in roff: backslashes and hyphens escaped, and no line that
/// starts with a control character.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    match escaped.starts_with(['.', '\'']) {
        true => format!("\\&{escaped}"),
        false => escaped,
    }
}
