//! Dotted blueprint paths (`models[1].routing`), the address every finding carries.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

/// A path from the document root to a value.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Path(Vec<PathSeg>);

impl Path {
    #[must_use]
    pub fn root() -> Self {
        Self(Vec::new())
    }

    #[must_use]
    pub fn segments(&self) -> &[PathSeg] {
        &self.0
    }

    #[must_use]
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// This path with a key appended.
    #[must_use]
    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(PathSeg::Key(key.to_owned()));
        Self(segs)
    }

    /// This path with an index appended.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(PathSeg::Index(index));
        Self(segs)
    }

    /// The parent path (the root is its own parent).
    #[must_use]
    pub fn parent(&self) -> Self {
        let mut segs = self.0.clone();
        segs.pop();
        Self(segs)
    }

    /// The last key of the path, if it ends in a key.
    #[must_use]
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(PathSeg::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// Parses a JSON pointer (`/models/1/routing`) as produced by JSON Schema validators.
    /// A segment made only of digits is taken as an index: blueprint keys never are.
    #[must_use]
    pub fn from_json_pointer(pointer: &str) -> Self {
        let segs = pointer
            .split('/')
            .skip(1)
            .map(|raw| {
                let seg = raw.replace("~1", "/").replace("~0", "~");
                match seg.parse::<usize>() {
                    Ok(i) if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) => {
                        PathSeg::Index(i)
                    }
                    _ => PathSeg::Key(seg),
                }
            })
            .collect();
        Self(segs)
    }

    /// Parses a dotted path (`models[1].routing`); the inverse of `Display`.
    #[must_use]
    pub fn parse(dotted: &str) -> Self {
        let mut segs = Vec::new();
        for part in dotted.split('.').filter(|p| !p.is_empty()) {
            let mut rest = part;
            if let Some(open) = rest.find('[') {
                if open > 0 {
                    segs.push(PathSeg::Key(rest[..open].to_owned()));
                }
                rest = &rest[open..];
                while let Some(stripped) = rest.strip_prefix('[') {
                    let close = stripped.find(']').unwrap_or(stripped.len());
                    match stripped[..close].parse() {
                        Ok(i) => segs.push(PathSeg::Index(i)),
                        Err(_) => segs.push(PathSeg::Key(stripped[..close].to_owned())),
                    }
                    rest = stripped.get(close + 1..).unwrap_or("");
                }
            } else {
                segs.push(PathSeg::Key(rest.to_owned()));
            }
        }
        Self(segs)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                PathSeg::Key(k) if i == 0 => f.write_str(k)?,
                PathSeg::Key(k) => write!(f, ".{k}")?,
                PathSeg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_round_trip() {
        let p = Path::root().key("models").index(1).key("routing");
        assert_eq!(p.to_string(), "models[1].routing");
        assert_eq!(Path::parse("models[1].routing"), p);
        assert_eq!(Path::from_json_pointer("/models/1/routing"), p);
    }

    #[test]
    fn pointer_unescapes() {
        let p = Path::from_json_pointer("/tags/a~1b~0c");
        assert_eq!(p, Path::root().key("tags").key("a/b~c"));
    }
}
