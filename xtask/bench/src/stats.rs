//! Medians, spreads and the rows of the result table.

use std::fmt;
use std::time::{Duration, Instant};

/// A measured quantity: the median, the quartiles and the extremes of its samples.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub median: f64,
    /// The first and third quartiles (linear between samples).
    pub q1: f64,
    pub q3: f64,
    pub low: f64,
    pub high: f64,
}

impl Measure {
    pub fn of(samples: &mut [f64]) -> Measure {
        samples.sort_by(|a, b| a.total_cmp(b));
        let n = samples.len();
        let quantile = |q: f64| {
            let at = q * (n - 1) as f64;
            let (below, above) = (at.floor() as usize, at.ceil() as usize);
            samples[below] + (samples[above] - samples[below]) * (at - below as f64)
        };
        // Fewer than 4 samples have no quartiles worth the name: the extremes stand for them.
        let (q1, q3) = if n < 4 { (samples[0], samples[n - 1]) } else { (quantile(0.25), quantile(0.75)) };
        Measure { median: quantile(0.5), q1, q3, low: samples[0], high: samples[n - 1] }
    }

    /// The spread as ± percent of the median: half the interquartile range (half the range with
    /// fewer than 4 samples), so that one round disturbed by the machine's other work (a build
    /// starting) does not stand for the whole measure; the extremes stay in `low` and `high`.
    pub fn spread_pct(&self) -> f64 {
        if self.median == 0.0 {
            0.0
        } else {
            (self.q3 - self.q1) / 2.0 / self.median * 100.0
        }
    }
}

/// Times every side in turn, `rounds` times, the order turning by one each round, so that drift and
/// the machine's other work hit every side alike (criterion measures one benchmark after another).
/// Each side runs as many times a round as fit in about `per_round`, at least once (measured by one
/// run before the rounds). Returns, per side, its time per run in each round, in seconds.
pub fn alternate(rounds: usize, per_round: Duration, sides: &mut [&mut dyn FnMut()]) -> Vec<Vec<f64>> {
    let runs: Vec<usize> = sides
        .iter_mut()
        .map(|side| {
            let start = Instant::now();
            side();
            let once = start.elapsed().as_secs_f64().max(1e-9);
            ((per_round.as_secs_f64() / once) as usize).max(1)
        })
        .collect();
    let mut times = vec![Vec::with_capacity(rounds); sides.len()];
    for round in 0..rounds {
        for k in 0..sides.len() {
            let i = (round + k) % sides.len();
            let start = Instant::now();
            for _ in 0..runs[i] {
                (sides[i])();
            }
            times[i].push(start.elapsed().as_secs_f64() / runs[i] as f64);
        }
    }
    times
}

/// The rounds' own ratios `a[i] / b[i]` (two sides of [`alternate`]), as a measure: a ratio that
/// drift moves less than either side's time.
pub fn round_ratios(a: &[f64], b: &[f64]) -> Measure {
    let mut ratios: Vec<f64> = a.iter().zip(b).map(|(a, b)| a / b).collect();
    Measure::of(&mut ratios)
}

/// A side's times of [`alternate`], as a measure.
pub fn times(samples: &[f64]) -> Measure {
    Measure::of(&mut samples.to_vec())
}

/// A figure of the summary line: a ratio (or a time) and its spread, ± percent, when it has one.
#[derive(Debug, Clone, Copy)]
pub struct Figure {
    pub value: f64,
    pub spread_pct: Option<f64>,
}

impl Figure {
    /// The median of a measured ratio, with its spread.
    pub fn of(ratio: &Measure) -> Figure {
        Figure { value: ratio.median, spread_pct: Some(ratio.spread_pct()) }
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
