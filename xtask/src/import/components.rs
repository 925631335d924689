//! Where each schema goes and under which name: the module's own file, or `common.yaml` when several
//! modules hold the same schema under the same name (or HighLevel's shared file already does); a name
//! that two modules (or a module and the root document) use for different schemas is made unique by
//! the module's UpperCamelCase name.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_json::Value;

use super::schema::{COMMON, LOCAL};
use super::Repairs;
use codegen::pointer::Pointer;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// In the module's own file, under this name.
    Local(String),
    /// In `common.yaml`, under this name.
    Common(String),
}

pub struct Names {
    /// (module, upstream name) → place.
    places: BTreeMap<(String, String), Place>,
    /// HighLevel's shared schemas: upstream name → name in `common.yaml`.
    common: BTreeMap<String, String>,
    /// Names written once in `common.yaml` for several modules.
    hoisted: BTreeSet<String>,
}

impl Names {
    pub fn decide(
        common: &BTreeMap<String, Value>,
        modules: &BTreeMap<String, BTreeMap<String, Value>>,
        root: &BTreeSet<String>,
        repairs: &mut BTreeMap<String, Repairs>,
    ) -> Names {
        let mut taken: BTreeSet<String> = root.iter().chain(common.keys()).cloned().collect();
        let mut by_name: BTreeMap<&str, Vec<(&str, &Value)>> = BTreeMap::new();
        for (stem, schemas) in modules {
            for (name, s) in schemas {
                taken.insert(name.clone());
                by_name.entry(name).or_default().push((stem, s));
            }
        }
        let mut common_names = BTreeMap::new();
        for name in common.keys() {
            let final_name =
                if root.contains(name) { unique(&format!("Common{name}"), &mut taken) } else { name.clone() };
            common_names.insert(name.clone(), final_name);
        }
        // Hoisted: the same schema in every module that names it, and every local schema it refers
        // to hoisted too (so that it means the same in common.yaml).
        let mut hoisted: BTreeSet<String> = by_name
            .iter()
            .filter(|(name, uses)| {
                uses.len() > 1
                    && !common.contains_key(**name)
                    && !root.contains(**name)
                    && uses.iter().all(|(_, s)| *s == uses[0].1)
            })
            .map(|(name, _)| name.to_string())
            .collect();
        loop {
            let keep: BTreeSet<String> = hoisted
                .iter()
                .filter(|name| {
                    let mut refs = BTreeSet::new();
                    local_refs(by_name[name.as_str()][0].1, &mut refs);
                    refs.iter().all(|r| hoisted.contains(r))
                })
                .cloned()
                .collect();
            if keep.len() == hoisted.len() {
                break;
            }
            hoisted = keep;
        }
        let mut places = BTreeMap::new();
        for (name, uses) in &by_name {
            let modules_named: Vec<&str> = uses.iter().map(|(m, _)| *m).collect();
            for (stem, s) in uses {
                let at = Pointer::root().child("components").child("schemas").child(name);
                let r = repairs.get_mut(*stem).expect("every module has its repairs");
                let place = if common.get(*name).is_some_and(|c| c == *s) {
                    r.add(
                        "schema-in-common",
                        &at,
                        format!("identical to HighLevel's shared `{name}`: refers to common.yaml's"),
                    );
                    Place::Common(common_names[*name].clone())
                } else if hoisted.contains(*name) {
                    r.add(
                        "schema-hoisted",
                        &at,
                        format!("identical in {}: written once in common.yaml", modules_named.join(", ")),
                    );
                    Place::Common(name.to_string())
                } else if common.contains_key(*name) || root.contains(*name) || uses.len() > 1 {
                    let final_name = unique(&format!("{}{name}", stem.to_upper_camel_case()), &mut taken);
                    let why = if root.contains(*name) {
                        "the root document has a schema of that name".to_string()
                    } else if common.contains_key(*name) {
                        "HighLevel's shared file has a different schema of that name".to_string()
                    } else {
                        format!("{} name different schemas so", modules_named.join(", "))
                    };
                    r.add("schema-name-collision", &at, format!("renamed `{final_name}`: {why}"));
                    Place::Local(final_name)
                } else {
                    Place::Local(name.to_string())
                };
                places.insert((stem.to_string(), name.to_string()), place);
            }
        }
        Names { places, common: common_names, hoisted }
    }

    /// The place of `module`'s upstream schema `name`.
    pub fn of(&self, module: &str, name: &str) -> &Place {
        static MISSING: std::sync::OnceLock<Place> = std::sync::OnceLock::new();
        self.places
            .get(&(module.to_string(), name.to_string()))
            .unwrap_or_else(|| MISSING.get_or_init(|| Place::Local(String::new())))
    }

    /// The schemas of `common.yaml`: HighLevel's shared ones and the hoisted ones, by final name.
    pub fn common_schemas(
        &self,
        common: &BTreeMap<String, Value>,
        modules: &BTreeMap<String, BTreeMap<String, Value>>,
    ) -> Vec<(String, Value)> {
        let mut out: Vec<(String, Value)> = common.iter().map(|(n, s)| (self.common[n].clone(), s.clone())).collect();
        for name in &self.hoisted {
            if let Some(s) = modules.values().find_map(|schemas| schemas.get(name)) {
                out.push((name.clone(), s.clone()));
            }
        }
        out
    }

    /// Every ref marker in `value` written as the ref of the file it goes to (`module`, or
    /// `common.yaml` for `None`).
    pub fn rewrite(&self, value: &mut Value, module: Option<&str>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get_mut("$ref") {
                    if let Some(target) = self.target(reference, module) {
                        *reference = target;
                    }
                }
                for v in map.values_mut() {
                    self.rewrite(v, module);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.rewrite(v, module)),
            _ => {}
        }
    }

    fn target(&self, marker: &str, module: Option<&str>) -> Option<String> {
        let to_common = |name: &str| match module {
            Some(_) => format!("common.yaml#/components/schemas/{name}"),
            None => format!("#/components/schemas/{name}"),
        };
        if let Some(name) = marker.strip_prefix(COMMON) {
            let final_name = self.common.get(name).map(String::as_str).unwrap_or(name);
            return Some(to_common(final_name));
        }
        let name = marker.strip_prefix(LOCAL)?;
        Some(match module {
            None => format!("#/components/schemas/{name}"),
            Some(stem) => match self.places.get(&(stem.to_string(), name.to_string())) {
                Some(Place::Common(n)) => to_common(n),
                Some(Place::Local(n)) => format!("#/components/schemas/{n}"),
                // A ref to a schema the module lacks: the shared one of that name (`dangling-ref`), or
                // left for the generator to report.
                None => match self.common.get(name) {
                    Some(shared) => to_common(shared),
                    None => format!("#/components/schemas/{name}"),
                },
            },
        })
    }
}

/// The local schemas `value` refers to.
fn local_refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(name) = map.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix(LOCAL)) {
                out.insert(name.to_string());
            }
            map.values().for_each(|v| local_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| local_refs(v, out)),
        _ => {}
    }
}

/// `wanted`, or `wanted2`, `wanted3`, … whichever is free; then taken.
fn unique(wanted: &str, taken: &mut BTreeSet<String>) -> String {
    let mut name = wanted.to_string();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{wanted}{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}
