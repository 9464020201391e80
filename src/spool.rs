//! Where a report waits while its files are processed, so memory does not grow with them.
//!
//! A report that is one document, or that ends with totals, has parts that can only be written
//! once the last file is done: the summary comes first in lint's JSON, rule indexes in SARIF
//! depend on every file's packs, Markdown sorts its rows by severity, `graph` writes nothing
//! unless every blueprint loads. So each file's part is written, as soon as the file is done, to
//! a spool: in memory while small, then an unnamed temporary file (`tempfile`'s spooled file).
//! The end of the report reads it back in order.
//!
//! A spool holds records, each with a one-byte tag, so one pass can write several sections
//! (human frames and waived lines; Markdown rows of each severity) and the end can read back
//! one section at a time, each in the order it was written.

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};

use tempfile::SpooledTempFile;

/// Past this many bytes a spool moves from memory to a temporary file.
const IN_MEMORY: usize = 1 << 20;

/// Tagged records, written in order and read back by tag.
pub struct Spool {
    file: SpooledTempFile,
    /// The first write that failed: reported when the report is read back.
    failed: Option<std::io::Error>,
}

impl Default for Spool {
    fn default() -> Self {
        Self {
            file: SpooledTempFile::new(IN_MEMORY),
            failed: None,
        }
    }
}

impl Spool {
    /// Appends a record. A failed write is kept and returned by [`Spool::replay`], so writers
    /// need not handle it where they format.
    pub fn push(&mut self, tag: u8, bytes: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        let Ok(len) = u32::try_from(bytes.len()) else {
            self.failed = Some(std::io::Error::other("a report record over 4 GiB"));
            return;
        };
        let mut head = [0u8; 5];
        head[0] = tag;
        head[1..].copy_from_slice(&len.to_le_bytes());
        if let Err(e) = self
            .file
            .write_all(&head)
            .and_then(|()| self.file.write_all(bytes))
        {
            self.failed = Some(e);
        }
    }

    /// The first write that failed, if any: checked before a report's first byte is written,
    /// so a spool that could not hold the report leaves the output empty.
    ///
    /// # Errors
    /// A write to the spool failed.
    pub fn check(&mut self) -> std::io::Result<()> {
        match self.failed.take() {
            Some(e) => Err(SpoolFailed::wrap(e)),
            None => Ok(()),
        }
    }

    /// Calls `each` with every record tagged `tag`, in the order they were pushed.
    ///
    /// # Errors
    /// A write to the spool failed earlier, reading it back failed, or `each` failed.
    pub fn replay(
        &mut self,
        tag: u8,
        mut each: impl FnMut(&[u8]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if let Some(e) = self.failed.take() {
            return Err(SpoolFailed::wrap(e));
        }
        // Errors of `each` are the output's; errors reading the spool back are the spool's.
        let mut output_error = None;
        let result = self.read_back(tag, &mut |record| {
            each(record).map_err(|e| {
                output_error = Some(e);
                std::io::Error::other("output failed")
            })
        });
        match (result, output_error) {
            (_, Some(e)) => Err(e),
            (Err(e), None) => Err(SpoolFailed::wrap(e)),
            (Ok(()), None) => Ok(()),
        }
    }

    fn read_back(
        &mut self,
        tag: u8,
        each: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.file.seek(SeekFrom::Start(0))?;
        let mut reader = BufReader::new(&mut self.file);
        let mut record = Vec::new();
        loop {
            if reader.fill_buf()?.is_empty() {
                break;
            }
            let mut head = [0u8; 5];
            reader.read_exact(&mut head)?;
            let len = u32::from_le_bytes([head[1], head[2], head[3], head[4]]) as usize;
            if head[0] == tag {
                record.resize(len, 0);
                reader.read_exact(&mut record)?;
                each(&record)?;
            } else {
                std::io::copy(&mut (&mut reader).take(len as u64), &mut std::io::sink())?;
            }
        }
        drop(reader);
        self.file.seek(SeekFrom::End(0))?;
        Ok(())
    }

    /// Writes every record tagged `tag` to `out`, in order.
    ///
    /// # Errors
    /// As [`Spool::replay`].
    pub fn copy(&mut self, tag: u8, out: &mut dyn Write) -> std::io::Result<()> {
        self.replay(tag, |bytes| out.write_all(bytes))
    }
}

/// A spool could not be written or read back: the report would be incomplete, which is an
/// error of the run (unlike a closed standard output, which is the reader's choice).
#[derive(Debug)]
pub struct SpoolFailed(std::io::Error);

impl SpoolFailed {
    fn wrap(e: std::io::Error) -> std::io::Error {
        std::io::Error::other(SpoolFailed(e))
    }

    /// Whether `e` is a spool's failure rather than the output's.
    #[must_use]
    pub fn is(e: &std::io::Error) -> bool {
        e.get_ref().is_some_and(|inner| inner.is::<SpoolFailed>())
    }
}

impl std::fmt::Display for SpoolFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the report's temporary file failed: {}", self.0)
    }
}

impl std::error::Error for SpoolFailed {}

#[cfg(test)]
mod tests {
    use super::Spool;

    #[test]
    fn records_come_back_by_tag_in_order_however_large() {
        let mut spool = Spool::default();
        // Past the in-memory limit, so the temporary file is read back too.
        let big = vec![b'x'; 3 << 20];
        spool.push(1, b"a");
        spool.push(2, &big);
        spool.push(1, b"b");
        spool.push(2, &big);
        spool.push(1, b"");
        spool.push(1, b"c");
        let mut ones = Vec::new();
        spool.copy(1, &mut ones).unwrap();
        assert_eq!(ones, b"abc");
        let mut twos = 0;
        spool
            .replay(2, |r| {
                assert_eq!(r.len(), big.len());
                twos += 1;
                Ok(())
            })
            .unwrap();
        assert_eq!(twos, 2);
        // Read back twice, and written to after reading.
        spool.push(1, b"d");
        let mut again = Vec::new();
        spool.copy(1, &mut again).unwrap();
        assert_eq!(again, b"abcd");
    }
}
