//! Medians, spreads and the rows of the result table.

use std::fmt;

/// A measured quantity: the median and the spread (lowest, highest) of its samples.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub median: f64,
    pub low: f64,
    pub high: f64,
}

impl Measure {
    pub fn of(samples: &mut [f64]) -> Measure {
        samples.sort_by(|a, b| a.total_cmp(b));
        let n = samples.len();
        let median = if n % 2 == 1 { samples[n / 2] } else { (samples[n / 2 - 1] + samples[n / 2]) / 2.0 };
        Measure { median, low: samples[0], high: samples[n - 1] }
    }

    /// The spread as ± percent of the median (half the range).
    pub fn spread_pct(&self) -> f64 {
        if self.median == 0.0 {
            0.0
        } else {
            (self.high - self.low) / 2.0 / self.median * 100.0
        }
    }
}

/// A figure of the summary line: a ratio (or a time) and its spread, ± percent, when it has one.
#[derive(Debug, Clone, Copy)]
pub struct Figure {
    pub value: f64,
    pub spread_pct: Option<f64>,
}

impl Figure {
    /// `a / b` of two independent measures: the spread of a quotient, each side's spread added in
    /// quadrature (the usual propagation of relative errors).
    pub fn quotient(a: &Measure, b: &Measure) -> Figure {
        Figure { value: a.median / b.median, spread_pct: Some(a.spread_pct().hypot(b.spread_pct())) }
    }

    /// A figure measured once (no spread).
    pub fn once(value: f64) -> Figure {
        Figure { value, spread_pct: None }
    }

    /// The headline of several figures: the geometric mean of the values, with the widest spread.
    pub fn geomean(figures: &[Figure]) -> Option<Figure> {
        let values: Vec<f64> = figures.iter().map(|f| f.value).collect();
        let spread = figures.iter().filter_map(|f| f.spread_pct).reduce(f64::max);
        geomean(&values).map(|value| Figure { value, spread_pct: spread })
    }
}

impl fmt::Display for Figure {
    /// `0.99±6%`, or `0.99` without a spread.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.value)?;
        match self.spread_pct {
            Some(spread) => write!(f, "±{spread:.0}%"),
            None => Ok(()),
        }
    }
}

/// One line of the table.
pub struct Row {
    pub what: String,
    pub ours: String,
    pub baseline: String,
    pub ratio: Option<f64>,
    pub note: String,
}

impl fmt::Display for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ratio = self.ratio.map(|r| format!("{r:.2}")).unwrap_or_else(|| "-".into());
        write!(f, "{:<58} {:>14} {:>14} {:>9}  {}", self.what, self.ours, self.baseline, ratio, self.note)
    }
}

/// A duration in a short human unit.
pub fn show_time(seconds: f64) -> String {
    if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 1e-3 {
        format!("{:.2} ms", seconds * 1e3)
    } else {
        format!("{:.1} µs", seconds * 1e6)
    }
}

pub fn show(m: &Measure) -> String {
    format!("{} ±{:.0}%", show_time(m.median), m.spread_pct())
}

/// The geometric mean of ratios (the summary of a ratio over several inputs).
pub fn geomean(ratios: &[f64]) -> Option<f64> {
    if ratios.is_empty() {
        None
    } else {
        Some((ratios.iter().map(|r| r.ln()).sum::<f64>() / ratios.len() as f64).exp())
    }
}
