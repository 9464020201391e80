//! `twinstack catalog`: the models, regions and services twinstack knows — where each model runs,
//! through which routing and deployment type, its lifecycle at a date, its price, and the source,
//! check date and file of every fact. Facts checked more than `--stale-after` days before
//! `--today` are marked stale.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::ValueEnum;
use serde::Serialize;

use crate::catalog::{
    Catalog, Cloud, Destinations, LifecycleStatus, ModelEntry, Offer, Provenance, Region,
};
use crate::date::Day;
use crate::output::{ColorChoice, Exit, eprint_diagnostics, print, stderr_style};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Section {
    Models,
    Regions,
    Services,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CatalogArgs {
    /// What to show or do; models and regions when omitted.
    #[command(subcommand)]
    pub command: Option<CatalogCommand>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table, global = true)]
    pub format: Format,
    /// A folder of catalog overlay files (repeatable); later files win.
    #[arg(long = "catalog", value_name = "DIR", global = true)]
    pub catalog_dirs: Vec<PathBuf>,
    /// Judge lifecycle and staleness as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE", value_parser = crate::date::parse_arg, global = true)]
    pub today: Option<Day>,
    /// Facts checked longer ago than this many days are shown as stale.
    #[arg(long, value_name = "DAYS", default_value_t = 180, global = true)]
    pub stale_after: i64,
}

#[derive(Debug, clap::Subcommand)]
pub enum CatalogCommand {
    /// The models, or one model in detail: where it runs, how, until when, from which source.
    Models {
        /// A model key, e.g. claude-sonnet-5-5.
        key: Option<String>,
    },
    /// The regions, or one region in detail with the models offered there.
    Regions {
        /// A region code, e.g. eu-central-1 or swedencentral.
        key: Option<String>,
    },
    /// The provider services a workload depends on, or one in detail: lock-in class, DPF
    /// certification, where it keeps prompts, how its backups can leave the region.
    Services {
        /// A service id, e.g. aws-aurora-pgvector.
        key: Option<String>,
    },
    /// Turn what `aws bedrock list-foundation-models`, `aws bedrock list-inference-profiles`
    /// and `az cognitiveservices model list` print (as JSON) into a catalog overlay file.
    Import {
        /// The saved JSON outputs.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The region an `az cognitiveservices model list --location X` output was listed for.
        #[arg(long, value_name = "REGION")]
        location: Option<String>,
        /// Write the overlay here instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[must_use]
pub fn run(args: &CatalogArgs, color: ColorChoice) -> Exit {
    let catalog = match load(&args.catalog_dirs) {
        Ok(c) => c,
        Err(errors) => {
            eprint_diagnostics(&errors, stderr_style(color));
            return Exit::Error;
        }
    };
    let view = View {
        catalog: &catalog,
        today: args.today.unwrap_or_else(Day::today),
        stale_after: args.stale_after,
    };
    let (what, key) = match &args.command {
        None => (None, None),
        Some(CatalogCommand::Models { key }) => (Some(Section::Models), key.as_deref()),
        Some(CatalogCommand::Regions { key }) => (Some(Section::Regions), key.as_deref()),
        Some(CatalogCommand::Services { key }) => (Some(Section::Services), key.as_deref()),
        Some(CatalogCommand::Import {
            files,
            location,
            output,
        }) => return import(&view, files, location.as_deref(), output.as_deref()),
    };
    match (what, key) {
        (None, Some(_)) => unreachable!("a key comes with its section"),
        (Some(section), Some(key)) => match view.one(section, key, args.format) {
            Ok(text) => {
                print(&text);
                Exit::Clean
            }
            Err(message) => {
                eprintln!("error: {message}");
                Exit::Error
            }
        },
        (what, None) => {
            print(&view.show(what, args.format));
            Exit::Clean
        }
    }
}

/// `catalog import`: reads the files, writes the overlay, and checks that it loads.
fn import(
    view: &View<'_>,
    files: &[PathBuf],
    location: Option<&str>,
    output: Option<&std::path::Path>,
) -> Exit {
    let mut inputs = Vec::new();
    let names: Vec<String> = files
        .iter()
        .map(|f| crate::source::display_name(f))
        .collect();
    for (path, name) in files.iter().zip(&names) {
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: {e}", name.escape_debug()))
            .and_then(|text| {
                serde_json::from_str(&text).map_err(|e| {
                    format!(
                        "{}:{}:{}: not JSON: {e}",
                        name.escape_debug(),
                        e.line(),
                        e.column()
                    )
                })
            });
        match parsed {
            Ok(json) => inputs.push(crate::catalog::import::Input {
                name,
                json,
                azure_location: location,
            }),
            Err(message) => {
                eprintln!("error: {message}");
                return Exit::Error;
            }
        }
    }
    let today = view.today.to_string();
    let overlay = match crate::catalog::import::import(&inputs, view.catalog, &today) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {}", message.escape_debug());
            return Exit::Error;
        }
    };
    // A region the catalog does not know has no jurisdiction twinstack could judge: say so
    // before anything else, rather than suggest a near-miss spelling.
    let mut unknown: Vec<String> = overlay
        .models
        .iter()
        .flat_map(|m| m.offers.iter())
        .flat_map(|o| {
            o.regions()
                .into_iter()
                .filter(|r| view.catalog.region(o.cloud(), r).is_none())
                .map(|r| format!("{} {r}", o.cloud().key()))
                .collect::<Vec<_>>()
        })
        .collect();
    unknown.sort();
    unknown.dedup();
    if !unknown.is_empty() {
        eprintln!(
            "error: the files name regions the catalog does not know: {}\n  \
             help: add them under `regions:` in a catalog overlay (with jurisdiction, geography \
             and FedRAMP status) and pass it with --catalog; twinstack cannot tell where a new \
             region's data lives",
            unknown.join(", ").escape_debug()
        );
        return Exit::Error;
    }
    let sources: Vec<&str> = names.iter().map(String::as_str).collect();
    let text = match crate::catalog::import::to_yaml(&overlay, &sources, &today) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: twinstack could not write the overlay: {e}");
            return Exit::Error;
        }
    };
    // What is written must load as an overlay, or it is not written at all (its regions were
    // checked above against the catalog in use, --catalog overlays included).
    let written = crate::source::SourceFile::from_text("imported overlay", text.as_str());
    if let Err(errors) = crate::catalog::load_file(written) {
        eprint_diagnostics(&[errors], stderr_style(ColorChoice::Never));
        eprintln!("error: the imported overlay does not load; nothing was written");
        return Exit::Error;
    }
    match output {
        None => print(&text),
        Some(path) => {
            if let Err(e) = std::fs::write(path, &text) {
                eprintln!(
                    "error: {}: {e}",
                    crate::source::display_name(path).escape_debug()
                );
                return Exit::Error;
            }
            eprintln!(
                "Wrote {} model(s) to {}",
                overlay.models.len(),
                crate::source::display_name(path).escape_debug()
            );
        }
    }
    Exit::Clean
}

/// The built-in catalog, overlaid with the files of `dirs`.
///
/// # Errors
/// The diagnostics of every overlay file that does not load.
pub fn load(
    dirs: &[PathBuf],
) -> Result<std::borrow::Cow<'static, Catalog>, Vec<crate::diagnostic::FileDiagnostics>> {
    if dirs.is_empty() {
        Ok(std::borrow::Cow::Borrowed(Catalog::embedded()))
    } else {
        crate::catalog::load_dirs(dirs).map(std::borrow::Cow::Owned)
    }
}

/// The catalog as of a day.
pub struct View<'a> {
    pub catalog: &'a Catalog,
    pub today: Day,
    pub stale_after: i64,
}

impl View<'_> {
    /// The catalog (or one section of it) in a format.
    #[must_use]
    pub fn show(&self, what: Option<Section>, format: Format) -> String {
        match (format, what) {
            (Format::Json, None) => json(self.catalog),
            (Format::Json, Some(Section::Models)) => json(&self.catalog.models),
            (Format::Json, Some(Section::Regions)) => json(&self.catalog.regions),
            (Format::Json, Some(Section::Services)) => json(&self.catalog.services),
            (Format::Table, Some(Section::Services)) => self.services_table(),
            (Format::Table, Some(Section::Models)) => self.models_table(),
            (Format::Table, Some(Section::Regions)) => self.regions_table(),
            (Format::Table, None) => format!("{}\n{}", self.models_table(), self.regions_table()),
        }
    }

    /// One model or region in detail.
    ///
    /// # Errors
    /// The key is not in the catalog (with a did-you-mean).
    pub fn one(&self, section: Section, key: &str, format: Format) -> Result<String, String> {
        match section {
            Section::Models => {
                let model = self
                    .catalog
                    .models
                    .iter()
                    .find(|m| m.key.eq_ignore_ascii_case(key))
                    .ok_or_else(|| {
                        unknown(
                            "model",
                            key,
                            self.catalog.models.iter().map(|m| m.key.as_str()),
                        )
                    })?;
                Ok(match format {
                    Format::Json => json(&self.model_json(model)),
                    Format::Table => self.model_detail(model),
                })
            }
            Section::Services => {
                let service = self
                    .catalog
                    .services
                    .iter()
                    .find(|s| s.id.eq_ignore_ascii_case(key))
                    .ok_or_else(|| {
                        unknown(
                            "service",
                            key,
                            self.catalog.services.iter().map(|s| s.id.as_str()),
                        )
                    })?;
                Ok(match format {
                    Format::Json => json(service),
                    Format::Table => self.service_detail(service),
                })
            }
            Section::Regions => {
                let found: Vec<(Cloud, &Region)> = Cloud::ALL
                    .into_iter()
                    .flat_map(|c| self.catalog.regions(c).iter().map(move |r| (c, r)))
                    .filter(|(_, r)| r.code.eq_ignore_ascii_case(key))
                    .collect();
                let Some(&(cloud, region)) = found.first() else {
                    let codes = Cloud::ALL
                        .into_iter()
                        .flat_map(|c| self.catalog.regions(c).iter().map(|r| r.code.as_str()));
                    return Err(unknown("region", key, codes));
                };
                Ok(match format {
                    Format::Json => json(&self.region_json(cloud, region)),
                    Format::Table => self.region_detail(cloud, region),
                })
            }
        }
    }

    fn checked(&self, p: &Provenance) -> String {
        self.checked_on(&p.verified)
    }

    /// A check date, marked stale when older than `--stale-after`.
    fn checked_on(&self, verified: &str) -> String {
        match Day::parse(verified).map(|d| self.today.0 - d.0) {
            Some(age) if age > self.stale_after => format!("{verified} (stale: {age} days)"),
            _ => verified.to_owned(),
        }
    }

    fn lifecycle(&self, offer: &Offer) -> String {
        let l = &offer.common().lifecycle;
        let status = l.status_on(self.today);
        let name = crate::text::serde_name(&status);
        match (status, l.end_of_life.as_deref()) {
            (LifecycleStatus::Retired, Some(d)) => format!("retired {d}"),
            (_, Some(d)) => format!("{name}, retires {d}"),
            _ => name,
        }
    }

    fn models_table(&self) -> String {
        let mut rows = vec![
            [
                "MODEL",
                "VENDOR",
                "CLOUD",
                "ID / VERSION",
                "LIFECYCLE",
                "REGIONS",
                "HIPAA",
                "$/1M IN",
                "$/1M OUT",
                "CHECKED",
                "CONFIDENCE",
            ]
            .map(str::to_owned)
            .to_vec(),
        ];
        let dollars = |p: Option<f64>| p.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
        for m in &self.catalog.models {
            for o in &m.offers {
                let c = o.common();
                let cloud = if c.partition == o.cloud().key() {
                    o.cloud().key().to_owned()
                } else {
                    c.partition.clone()
                };
                rows.push(vec![
                    m.key.clone(),
                    m.vendor.clone(),
                    cloud,
                    o.label(),
                    self.lifecycle(o),
                    o.regions().len().to_string(),
                    crate::text::serde_name(&c.hipaa),
                    dollars(c.price.and_then(|p| p.input)),
                    dollars(c.price.and_then(|p| p.output)),
                    self.checked(&c.provenance),
                    crate::text::serde_name(&c.provenance.confidence),
                ]);
            }
        }
        table(&rows)
    }

    fn regions_table(&self) -> String {
        let mut rows = vec![
            [
                "CLOUD",
                "REGION",
                "NAME",
                "PARTITION",
                "JURISDICTION",
                "GEOGRAPHY",
                "FEDRAMP",
                "CHECKED",
                "CONFIDENCE",
            ]
            .map(str::to_owned)
            .to_vec(),
        ];
        for cloud in Cloud::ALL {
            for r in self.catalog.regions(cloud) {
                rows.push(vec![
                    cloud.key().to_owned(),
                    r.code.clone(),
                    r.name.clone(),
                    r.partition.clone(),
                    r.jurisdiction.clone(),
                    r.geography.clone(),
                    crate::text::serde_name(&r.fedramp),
                    self.checked(&r.provenance),
                    crate::text::serde_name(&r.provenance.confidence),
                ]);
            }
        }
        table(&rows)
    }

    fn services_table(&self) -> String {
        let mut rows = vec![
            [
                "CLOUD",
                "SERVICE",
                "CAPABILITY",
                "CLASS",
                "EQUIVALENT",
                "DPF",
                "BACKUP COPY",
                "CHECKED",
                "CONFIDENCE",
            ]
            .map(str::to_owned)
            .to_vec(),
        ];
        for s in &self.catalog.services {
            rows.push(vec![
                s.cloud.key().to_owned(),
                s.id.clone(),
                s.capability.clone(),
                crate::text::serde_name(&s.class),
                s.equivalent.clone().unwrap_or_else(|| "-".to_owned()),
                s.dpf
                    .as_ref()
                    .map_or_else(|| "-".to_owned(), |d| crate::text::serde_name(&d.status)),
                s.backup.as_ref().map_or_else(
                    || "-".to_owned(),
                    |b| crate::text::serde_name(&b.alternate_site),
                ),
                self.checked(&s.provenance),
                crate::text::serde_name(&s.provenance.confidence),
            ]);
        }
        table(&rows)
    }

    fn service_detail(&self, s: &crate::catalog::Service) -> String {
        let mut out = format!("{} ({}), {}\n", s.name, s.id, s.cloud.display());
        let _ = writeln!(out, "  capability   {}", s.capability);
        let _ = writeln!(
            out,
            "  class        {} ({})",
            crate::text::serde_name(&s.class),
            s.class.describe()
        );
        if let Some(e) = &s.equivalent {
            let _ = writeln!(out, "  equivalent   {e}");
        }
        let _ = writeln!(out, "  note         {}", s.note);
        let _ = writeln!(
            out,
            "  checked      {} ({})",
            self.checked(&s.provenance),
            crate::text::serde_name(&s.provenance.confidence)
        );
        let _ = writeln!(out, "  source       {}", s.provenance.source);
        let dated = |verified: &str, confidence: &crate::catalog::Confidence| {
            format!(
                "{} ({})",
                self.checked_on(verified),
                crate::text::serde_name(confidence)
            )
        };
        if let Some(d) = &s.dpf {
            let _ = writeln!(
                out,
                "\n  EU-U.S. Data Privacy Framework: {} ({})",
                crate::text::serde_name(&d.status),
                d.entity
            );
            let _ = writeln!(out, "    checked    {}", dated(&d.verified, &d.confidence));
            let _ = writeln!(out, "    source     {}", d.source);
        }
        if let Some(n) = &s.stores_no_prompts_in {
            let _ = writeln!(
                out,
                "\n  Stores no prompts at rest in: {}",
                n.partitions.join(", ")
            );
            let _ = writeln!(out, "    checked    {}", dated(&n.verified, &n.confidence));
            let _ = writeln!(out, "    source     {}", n.source);
        }
        if let Some(b) = &s.backup {
            let _ = writeln!(out, "\n  Backups: {}", b.in_region);
            let _ = writeln!(
                out,
                "    off-site   {}",
                match b.alternate_site {
                    crate::catalog::AlternateSite::Copy => "copy to a vault in another region",
                    crate::catalog::AlternateSite::GeoRedundant =>
                        "geo-redundant to the paired region, chosen at creation",
                    crate::catalog::AlternateSite::None => "none: no copy leaves the region",
                }
            );
            if !b.no_copy_regions.is_empty() {
                let _ = writeln!(out, "    no copy in {}", b.no_copy_regions.join(", "));
            }
            let _ = writeln!(out, "    checked    {}", dated(&b.verified, &b.confidence));
            let _ = writeln!(out, "    source     {}", b.source);
        }
        out
    }

    fn model_detail(&self, m: &ModelEntry) -> String {
        let mut out = format!(
            "{} ({}), {}, {}{}\n",
            m.name,
            m.key,
            m.vendor,
            crate::text::serde_name(&m.kind),
            if m.open_weights { ", open weights" } else { "" }
        );
        if let Some(n) = &m.note {
            let _ = writeln!(out, "note: {n}");
        }
        if m.offers.is_empty() {
            out.push_str("\nno cloud offers it\n");
        }
        for o in &m.offers {
            let c = o.common();
            let _ = write!(
                out,
                "\n{} {} ({})\n",
                o.cloud().model_service(),
                o.label(),
                c.partition
            );
            let l = &c.lifecycle;
            let _ = writeln!(out, "  lifecycle   {}", self.lifecycle(o));
            if let Some(d) = l.no_new_deployments_since() {
                let _ = writeln!(out, "  no new deployments since {d}");
            }
            if let Some(r) = &l.replacement {
                let _ = writeln!(out, "  replacement {r}");
            }
            if let Offer::Aws(b) = o {
                let endpoints: Vec<&str> = b.endpoints.iter().map(|e| e.name()).collect();
                let _ = writeln!(out, "  endpoints   {}", endpoints.join(", "));
                let _ = writeln!(out, "  apis        {}", b.apis.join(", "));
                let f = &b.features;
                let yn = |s: crate::catalog::Support| match s {
                    crate::catalog::Support::Known(true) => "yes",
                    crate::catalog::Support::Known(false) => "no",
                    crate::catalog::Support::Unconfirmed(_) => "unconfirmed",
                };
                let _ = writeln!(
                    out,
                    "  features    guardrails {}, invocation logging {}, private endpoint {}, application profiles {}",
                    yn(f.guardrails),
                    yn(f.invocation_logging),
                    yn(f.private_endpoint),
                    yn(f.application_profile)
                );
            }
            if let Offer::Azure(a) = o {
                let _ = writeln!(out, "  apis        {}", a.apis.join(", "));
            }
            let dollars = |p: Option<f64>| {
                p.map_or_else(|| "not confirmed".to_owned(), |v| format!("${v:.2}"))
            };
            let _ = writeln!(
                out,
                "  price       {} in / {} out per 1M tokens",
                dollars(c.price.and_then(|p| p.input)),
                dollars(c.price.and_then(|p| p.output))
            );
            let _ = writeln!(out, "  hipaa       {}", crate::text::serde_name(&c.hipaa));
            let _ = writeln!(
                out,
                "  checked     {} ({})",
                self.checked(&c.provenance),
                crate::text::serde_name(&c.provenance.confidence)
            );
            let _ = writeln!(out, "  source      {}", c.provenance.source);
            if let Some(s) = &l.source {
                let _ = writeln!(out, "  lifecycle source {s}");
            }
            if !c.provenance.origin.is_empty() {
                let _ = writeln!(out, "  file        {}", c.provenance.origin);
            }
            if let Some(n) = &c.note {
                let _ = writeln!(out, "  note        {n}");
            }
            out.push('\n');
            let rows = self.placement_rows(o);
            out.push_str(&indent(&table(&rows)));
        }
        out
    }

    /// One row per region where the offer can be used: what can be deployed there.
    fn placement_rows(&self, o: &Offer) -> Vec<Vec<String>> {
        let cloud = o.cloud();
        let jurisdiction = |code: &str| {
            self.catalog
                .region(cloud, code)
                .map_or_else(|| "?".to_owned(), |r| r.jurisdiction.clone())
        };
        let mut rows = Vec::new();
        match o {
            Offer::Aws(b) => {
                rows.push(
                    [
                        "REGION",
                        "JURISDICTION",
                        "ON-DEMAND",
                        "PROVISIONED",
                        "PROFILES (→ destinations)",
                    ]
                    .map(str::to_owned)
                    .to_vec(),
                );
                for code in o.regions() {
                    let yes = |b: bool| if b { "yes" } else { "-" }.to_owned();
                    let profiles: Vec<String> = b
                        .profiles
                        .iter()
                        .filter_map(|p| {
                            p.destinations_from(code).map(|d| match d {
                                Destinations::Anywhere(_) => format!("{}. → anywhere", p.prefix),
                                Destinations::Regions(to) => {
                                    format!("{}. → {}", p.prefix, to.join(" "))
                                }
                            })
                        })
                        .collect();
                    rows.push(vec![
                        code.to_owned(),
                        jurisdiction(code),
                        yes(b.in_region.iter().any(|r| r == code)),
                        yes(b
                            .provisioned
                            .as_ref()
                            .is_some_and(|p| p.regions.iter().any(|r| r == code))),
                        if profiles.is_empty() {
                            "-".to_owned()
                        } else {
                            profiles.join("; ")
                        },
                    ]);
                }
            }
            Offer::Azure(a) => {
                rows.push(
                    ["REGION", "JURISDICTION", "DEPLOYMENT TYPES"]
                        .map(str::to_owned)
                        .to_vec(),
                );
                for code in o.regions() {
                    let types: Vec<&str> = a
                        .deployments
                        .iter()
                        .filter(|(_, rs)| rs.iter().any(|r| r == code))
                        .map(|(s, _)| s.name())
                        .collect();
                    rows.push(vec![code.to_owned(), jurisdiction(code), types.join(", ")]);
                }
            }
        }
        rows
    }

    fn region_detail(&self, cloud: Cloud, r: &Region) -> String {
        let mut out = format!("{} ({}), {}\n", r.name, r.code, cloud.display());
        let _ = writeln!(out, "  partition    {}", r.partition);
        let _ = writeln!(out, "  jurisdiction {}", r.jurisdiction);
        let _ = writeln!(out, "  geography    {}", r.geography);
        let _ = writeln!(
            out,
            "  fedramp      {}",
            crate::text::serde_name(&r.fedramp)
        );
        let _ = writeln!(
            out,
            "  checked      {} ({})",
            self.checked(&r.provenance),
            crate::text::serde_name(&r.provenance.confidence)
        );
        let _ = writeln!(out, "  source       {}", r.provenance.source);
        out.push('\n');
        let mut rows = vec![
            ["MODEL", "ID / VERSION", "LIFECYCLE", "HOW"]
                .map(str::to_owned)
                .to_vec(),
        ];
        for (m, o) in self.offers_in(cloud, &r.code) {
            rows.push(vec![
                m.key.clone(),
                o.label(),
                self.lifecycle(o),
                how(o, &r.code).join(", "),
            ]);
        }
        if rows.len() == 1 {
            out.push_str("  no model in the catalog is offered here\n");
        } else {
            out.push_str(&indent(&table(&rows)));
        }
        out
    }

    fn offers_in<'c>(
        &'c self,
        cloud: Cloud,
        code: &'c str,
    ) -> impl Iterator<Item = (&'c ModelEntry, &'c Offer)> + 'c {
        self.catalog.models.iter().flat_map(move |m| {
            m.offers_on(cloud)
                .filter(move |o| o.serves(code))
                .map(move |o| (m, o))
        })
    }

    fn model_json<'m>(&self, m: &'m ModelEntry) -> ModelJson<'m> {
        ModelJson {
            model: m,
            lifecycle_on: self.today.to_string(),
            offers: m
                .offers
                .iter()
                .map(|o| OfferStatus {
                    label: o.label(),
                    lifecycle: o.common().lifecycle.status_on(self.today),
                    stale: o
                        .common()
                        .provenance
                        .age_days(self.today)
                        .is_some_and(|a| a > self.stale_after),
                })
                .collect(),
        }
    }

    fn region_json<'r>(&'r self, cloud: Cloud, r: &'r Region) -> RegionJson<'r> {
        RegionJson {
            cloud,
            region: r,
            models: self
                .offers_in(cloud, &r.code)
                .map(|(m, o)| RegionModel {
                    key: &m.key,
                    offer: o.label(),
                    lifecycle: o.common().lifecycle.status_on(self.today),
                    how: how(o, &r.code),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct ModelJson<'m> {
    #[serde(flatten)]
    model: &'m ModelEntry,
    lifecycle_on: String,
    offers: Vec<OfferStatus>,
}

#[derive(Serialize)]
struct OfferStatus {
    label: String,
    lifecycle: LifecycleStatus,
    stale: bool,
}

#[derive(Serialize)]
struct RegionJson<'r> {
    cloud: Cloud,
    #[serde(flatten)]
    region: &'r Region,
    models: Vec<RegionModel<'r>>,
}

#[derive(Serialize)]
struct RegionModel<'r> {
    key: &'r str,
    offer: String,
    lifecycle: LifecycleStatus,
    how: Vec<String>,
}

/// What of an offer can be deployed in a region: on-demand, provisioned, `us.` profile, SKUs.
fn how(o: &Offer, code: &str) -> Vec<String> {
    match o {
        Offer::Aws(b) => {
            let mut out = Vec::new();
            if b.in_region.iter().any(|r| r == code) {
                out.push("on-demand".to_owned());
            }
            if b.provisioned
                .as_ref()
                .is_some_and(|p| p.regions.iter().any(|r| r == code))
            {
                out.push("provisioned".to_owned());
            }
            out.extend(
                b.profiles
                    .iter()
                    .filter(|p| p.destinations_from(code).is_some())
                    .map(|p| format!("{}. profile", p.prefix)),
            );
            out
        }
        Offer::Azure(a) => a
            .deployments
            .iter()
            .filter(|(_, rs)| rs.iter().any(|r| r == code))
            .map(|(s, _)| s.name().to_owned())
            .collect(),
    }
}

fn unknown<'a>(what: &str, key: &str, known: impl Iterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.collect();
    match crate::suggest::did_you_mean(&key.to_ascii_lowercase(), known.iter().copied()) {
        Some(s) => format!("no {what} `{key}` in the catalog; did you mean `{s}`?"),
        None => format!("no {what} `{key}` in the catalog; `twinstack catalog {what}s` lists them"),
    }
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// Left-aligned columns separated by two spaces.
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let _ = write!(line, "{cell:<width$}  ", width = widths[c]);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
