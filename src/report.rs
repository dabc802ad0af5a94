//! What a conversion found besides its output: the errors that make it fail and,
//! when asked for, the warnings about what it left out. Readers and rules hand
//! every problem here and read on, so that one call reports them all.

#[cfg(test)]
use crate::error::Severity;
use crate::error::{Diagnostic, Error, Status};
use crate::options::Options;

/// At most this many diagnostics are kept, errors first.
pub(crate) const MAX_DIAGNOSTICS: usize = 100;

/// A successful conversion's output and its warnings.
///
/// ```
/// use vifxml::{interface_to_vif_with_warnings, Options, Status};
/// let xml = b"<interface type='bridge'><source bridge='br0'/><driver name='qemu'/></interface>";
/// let done = interface_to_vif_with_warnings(xml, &Options::new()).unwrap();
/// assert_eq!(done.output, "bridge=br0,script=vif-bridge");
/// assert_eq!(done.warnings[0].status, Status::Unsupported);
/// assert_eq!(done.warnings[0].path, "/interface/driver");
/// assert_eq!((done.warnings[0].line, done.warnings[0].column), (1, 48));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Converted<T> {
    /// What the conversion produced.
    pub output: T,
    /// Everything it left out or adjusted, in input order.
    pub warnings: Vec<Diagnostic>,
}

/// The collector a conversion's readers and rules report to.
pub(crate) struct Report {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    strict: bool,
    warn: bool,
}

/// How many diagnostics a report held at some point (see [`Report::since`]).
#[derive(Clone, Copy)]
pub(crate) struct Mark {
    errors: usize,
    warnings: usize,
}

impl Report {
    /// A report for a conversion with `options`; warnings are kept when `warn`.
    pub(crate) fn new(options: &Options, warn: bool) -> Report {
        Report {
            errors: Vec::new(),
            warnings: Vec::new(),
            strict: options.is_strict(),
            warn,
        }
    }

    /// Whether anything that is ignored must be looked at: to refuse it (strict) or
    /// to warn about it. When neither, readers may pass over what they do not use.
    #[inline]
    pub(crate) fn looks_at_everything(&self) -> bool {
        self.strict | self.warn
    }

    /// Records a failure: each of the error's diagnostics.
    #[cold]
    pub(crate) fn error(&mut self, error: Error) {
        for d in error.into_diagnostics() {
            if self.errors.len() < MAX_DIAGNOSTICS {
                self.errors.push(d);
            }
        }
    }

    /// An item the output leaves out: in strict mode an error with `status` (unless
    /// that is OK: then strict mode accepts it too), otherwise a warning with that
    /// status, if warnings are kept. `text` says what it is, for the mode given.
    #[inline]
    pub(crate) fn dropped(
        &mut self,
        status: Status,
        offset: usize,
        text: impl FnOnce(bool) -> String,
    ) {
        if self.strict && status != Status::Ok {
            self.error(Error::new(status, text(true)).at(offset));
        } else if self.warn {
            self.warning(status, offset, text(false));
        }
    }

    /// [`Report::dropped`] with the usual words: `what` cannot be translated, then
    /// what to do in strict mode, or that it was ignored.
    #[inline]
    pub(crate) fn ignored(&mut self, status: Status, offset: usize, what: impl FnOnce() -> String) {
        self.dropped(status, offset, |strict| {
            if strict {
                format!(
                    "{} (strict mode): remove it or turn strict mode off",
                    what()
                )
            } else {
                format!("{}: ignored", what())
            }
        });
    }

    #[cold]
    fn warning(&mut self, status: Status, offset: usize, message: String) {
        if self.warnings.len() < MAX_DIAGNOSTICS {
            self.warnings
                .push(Diagnostic::warning(status, message, offset));
        }
    }

    /// How many errors were recorded so far.
    pub(crate) fn error_count(&self) -> usize {
        self.errors.len()
    }

    /// The present size, to find what is recorded after it.
    pub(crate) fn mark(&self) -> Mark {
        Mark {
            errors: self.errors.len(),
            warnings: self.warnings.len(),
        }
    }

    /// Whether anything was recorded since `mark`.
    #[inline]
    pub(crate) fn grew_since(&self, mark: Mark) -> bool {
        self.errors.len() != mark.errors || self.warnings.len() != mark.warnings
    }

    /// Everything recorded since `mark`, to be placed in a larger input.
    pub(crate) fn since(&mut self, mark: Mark) -> impl Iterator<Item = &mut Diagnostic> {
        let errors = self.errors.get_mut(mark.errors..).unwrap_or_default();
        let warnings = self.warnings.get_mut(mark.warnings..).unwrap_or_default();
        errors.iter_mut().chain(warnings.iter_mut())
    }

    /// The outcome: `output` with the warnings, or, if there was an error, every
    /// error and then the warnings, each in input order, at most
    /// [`MAX_DIAGNOSTICS`] in all.
    #[inline]
    pub(crate) fn finish<T>(self, output: T) -> Result<Converted<T>, Error> {
        if self.errors.is_empty() && self.warnings.is_empty() {
            return Ok(Converted {
                output,
                warnings: Vec::new(),
            });
        }
        self.finish_with_diagnostics(output)
    }

    #[cold]
    #[inline(never)]
    fn finish_with_diagnostics<T>(self, output: T) -> Result<Converted<T>, Error> {
        let Report {
            mut errors,
            mut warnings,
            ..
        } = self;
        let in_input_order = |d: &Diagnostic| d.offset.unwrap_or(usize::MAX);
        warnings.sort_by_key(in_input_order);
        if errors.is_empty() {
            return Ok(Converted { output, warnings });
        }
        errors.sort_by_key(in_input_order);
        warnings.truncate(MAX_DIAGNOSTICS - errors.len());
        errors.append(&mut warnings);
        Err(Error::from_diagnostics(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_come_first_in_input_order_and_stop_at_the_limit() {
        let mut report = Report::new(&Options::new().strict(false), true);
        report.ignored(Status::Unsupported, 9, || "<driver>".into());
        report.error(Error::invalid("late").at(50));
        report.error(Error::invalid("early").at(5));
        let e = report.finish(()).unwrap_err();
        let got: Vec<_> = e
            .diagnostics()
            .iter()
            .map(|d| (d.severity, d.message.as_str(), d.offset))
            .collect();
        assert_eq!(
            got,
            [
                (Severity::Error, "early", Some(5)),
                (Severity::Error, "late", Some(50)),
                (Severity::Warning, "<driver>: ignored", Some(9)),
            ]
        );
        let mut report = Report::new(&Options::new(), true);
        for i in 0..150 {
            report.ignored(Status::Unsupported, i, || "x".into());
        }
        for i in 0..60 {
            report.error(Error::invalid("e").at(1000 + i));
        }
        let e = report.finish(()).unwrap_err();
        assert_eq!(e.diagnostics().len(), MAX_DIAGNOSTICS);
        assert_eq!(e.errors().count(), 60);
    }

    #[test]
    fn strict_mode_refuses_what_warnings_mention() {
        let mut report = Report::new(&Options::new().strict(true), false);
        report.ignored(Status::Unsupported, 3, || "<driver>".into());
        report.dropped(Status::Ok, 4, |_| "generated name".into());
        let e = report.finish(()).unwrap_err();
        assert_eq!(e.diagnostics().len(), 1);
        assert_eq!(
            e.message(),
            "<driver> (strict mode): remove it or turn strict mode off"
        );
        let mut quiet = Report::new(&Options::new(), false);
        quiet.ignored(Status::Unsupported, 3, || unreachable!("not formatted"));
        assert!(quiet.finish(()).unwrap().warnings.is_empty());
    }
}
