//! Two surfaces compared item by item, generically: an item is added, removed, renamed (same key,
//! another path), or changes kind, signature, arity (the order of its positional arguments),
//! feature gate, what `send()` demands, deprecation, wire form or doc. Each change is looked up in
//! the rule table by the item's role ([`rule`]). An item whose parent was added, removed, renamed or
//! gated with it is not reported again: the parent's change says it.

use std::collections::{HashMap, HashSet};

use super::{Change, Rule, Side};
use crate::surface::{Gate, Item, Kind, Role, Surface};

/// The changes from `old` to `new`, items matched by key as they are (two surfaces of one spec:
/// what the generator alone changed).
pub fn compare(old: &Surface, new: &Surface) -> Vec<Change> {
    compare_rekeyed(old, new, &|key| key.to_string(), &HashSet::new())
}

/// The changes from `old` to `new`, each old key first moved by `rekey` (an operation renamed, a
/// type matched by name); `renamed` holds the keys of operations whose operationId changed.
pub fn compare_rekeyed(
    old: &Surface,
    new: &Surface,
    rekey: &dyn Fn(&str) -> String,
    renamed: &HashSet<String>,
) -> Vec<Change> {
    let old_items: Vec<Item> = old
        .items
        .iter()
        .map(|item| Item { key: rekey(&item.key), parent: item.parent.as_deref().map(rekey), ..item.clone() })
        .collect();
    let olds: HashMap<&str, &Item> = old_items.iter().map(|i| (i.key.as_str(), i)).collect();
    let news: HashMap<&str, &Item> = new.items.iter().map(|i| (i.key.as_str(), i)).collect();
    // Whether the item of this key is replaced as a whole (so its members are not reported).
    let replaced = |key: &str| -> bool {
        match (olds.get(key), news.get(key)) {
            (Some(a), Some(b)) => kind_changed(a, b),
            _ => true,
        }
    };
    let under_replaced = |item: &Item| item.parent.as_deref().is_some_and(&replaced);
    // Named items (types, builders, enums) whose Rust name changed: reported once, as a rename, and
    // read through in the signatures that name them.
    let renames: HashMap<String, String> = old_items
        .iter()
        .filter(|a| matches!(a.kind, Kind::Struct | Kind::Enum | Kind::TypeAlias))
        .filter_map(|a| {
            let b = news.get(a.key.as_str())?;
            let short = |path: &str| path.strip_prefix("types::").unwrap_or(path).to_string();
            (a.path != b.path).then(|| (short(&a.path), short(&b.path)))
        })
        .collect();
    let mut changes = Vec::new();
    let mut push = |rule: Rule, side: Side, item: &Item, message: String| {
        changes.push(Change { rule, pointer: item.pointer.clone(), side, item: item.path.clone(), message });
    };
    // The features of the API modules the new surface adds: an item compiled only with those is
    // part of a module's addition, which says how many operations it brings.
    let added_modules: Vec<&Item> = new
        .items
        .iter()
        .filter(|b| b.kind == Kind::Module && !b.gate.is_always() && !olds.contains_key(b.key.as_str()))
        .collect();
    let new_features: HashSet<&str> =
        added_modules.iter().flat_map(|m| m.gate.features()).map(String::as_str).collect();
    let in_added_module = |item: &Item| {
        let features = item.gate.features();
        item.kind != Kind::Module && !features.is_empty() && features.iter().all(|f| new_features.contains(f.as_str()))
    };
    for b in &new.items {
        let Some(a) = olds.get(b.key.as_str()) else {
            if under_replaced(b) || in_added_module(b) {
                continue;
            }
            let message = match added_modules.iter().find(|m| m.key == b.key) {
                Some(module) => {
                    let operations =
                        new.items.iter().filter(|i| i.role == Role::Operation && i.gate == module.gate).count();
                    format!("`{}` added: {operations} operation(s), cargo feature `{}`", b.path, module.gate)
                }
                None => format!("`{}` added", b.path),
            };
            push(added(b), Side::New, b, message);
            continue;
        };
        if under_replaced(b) {
            continue;
        }
        let parent_renamed = b
            .parent
            .as_deref()
            .is_some_and(|p| matches!((olds.get(p), news.get(p)), (Some(x), Some(y)) if x.path != y.path));
        if a.path != b.path && !parent_renamed {
            let rule = if b.role == Role::Operation && renamed.contains(&b.key) {
                Rule::OperationRenamed
            } else {
                Rule::RustNameChanged
            };
            push(rule, Side::New, b, format!("`{}` is now `{}`", a.path, b.path));
        }
        if kind_changed(a, b) {
            let rule = if b.role == Role::Type { Rule::TypeKindChanged } else { Rule::SignatureChanged };
            let what = |i: &Item| {
                if i.signature.is_empty() {
                    i.wire.clone()
                } else {
                    format!("{} of `{}`", i.wire, i.signature)
                }
            };
            push(rule, Side::New, b, format!("`{}` changed from {} to {}", b.path, what(a), what(b)));
        } else if renamed_through(&a.signature, &renames) != b.signature {
            if let Some(rule) = signature_rule(a, b) {
                push(rule, Side::New, b, format!("`{}` changed from `{}` to `{}`", b.path, a.signature, b.signature));
            }
        } else if a.wire != b.wire {
            if let Some(rule) = wire_rule(a, b) {
                push(rule, Side::New, b, format!("`{}` is now sent as {} (was {})", b.path, b.wire, a.wire));
            }
        }
        if !kind_changed(a, b) && a.args != b.args {
            // Arguments added or removed are reported by their own items; the order of the ones
            // both have is the arity's own change.
            let common = |these: &[String], those: &[String]| -> Vec<String> {
                these.iter().filter(|k| those.contains(k)).cloned().collect()
            };
            let (before, after) = (common(&a.args, &b.args), common(&b.args, &a.args));
            if before != after {
                let rule = match b.role {
                    Role::Operation => Rule::PathParamsReordered,
                    Role::Constructor => Rule::RequestRequiredFieldsReordered,
                    _ => Rule::SignatureChanged,
                };
                push(
                    rule,
                    Side::New,
                    b,
                    format!("the positional arguments of `{}` are now in the order {}", b.path, after.join(", ")),
                );
            }
        }
        if a.demanded != b.demanded {
            let rule = match (b.role, b.demanded) {
                (Role::BodySetter, true) => Rule::RequestBodyBecameRequired,
                (Role::BodySetter, false) => Rule::RequestBodyBecameOptional,
                (_, true) => Rule::ParamBecameRequired,
                (_, false) => Rule::ParamBecameOptional,
            };
            let what = if b.demanded { "required: `send()` refuses to go without it" } else { "optional" };
            push(rule, Side::New, b, format!("`{}` is now {what}", b.path));
        }
        // A member whose parent's gate changed the same way: the parent's change says it.
        let parent_regated = b.parent.as_deref().is_some_and(|p| {
            matches!((olds.get(p), news.get(p)), (Some(x), Some(y)) if x.gate != y.gate && x.gate == a.gate && y.gate == b.gate)
        });
        if a.gate != b.gate && !parent_regated {
            let rule = match (b.role, &a.gate, &b.gate) {
                (Role::Constructor, Gate::Features(_), Gate::Always) => Rule::TypeBecameConstructible,
                (Role::Constructor, Gate::Always, Gate::Features(_)) => Rule::TypeNoLongerConstructible,
                (_, Gate::Features(_), Gate::Always) => Rule::FeatureGateRemoved,
                (_, Gate::Always, Gate::Features(_)) => Rule::FeatureGateAdded,
                _ => Rule::FeatureGateChanged,
            };
            let gate = |g: &Gate| if g.is_always() { "no feature".to_string() } else { format!("feature `{g}`") };
            push(rule, Side::New, b, format!("`{}` now needs {} (was {})", b.path, gate(&b.gate), gate(&a.gate)));
        }
        if a.deprecated != b.deprecated {
            let what = if b.deprecated { "is now deprecated" } else { "is no longer deprecated" };
            push(Rule::OperationDeprecated, Side::New, b, format!("`{}` {what}", b.path));
        }
        if a.doc != b.doc {
            push(Rule::DocChanged, Side::New, b, format!("the description or example of `{}` changed", b.path));
        }
    }
    for a in &old_items {
        if !news.contains_key(a.key.as_str()) && !under_replaced(a) {
            push(removed(a), Side::Old, a, format!("`{}` removed", a.path));
        }
    }
    changes
}

/// The item became another kind of item: for a type, another kind (struct, enum, union, alias) or
/// an alias of another type.
fn kind_changed(a: &Item, b: &Item) -> bool {
    a.kind != b.kind || a.role != b.role || (a.role == Role::Type && (a.wire != b.wire || a.signature != b.signature))
}

/// The rule of an added item, by its role.
fn added(item: &Item) -> Rule {
    let response_side = item.sides.is_none_or(|s| s.response || !s.request);
    match item.role {
        Role::Operation => Rule::OperationAdded,
        Role::PathArg => Rule::PathParamAdded,
        Role::ParamSetter if item.demanded => Rule::RequiredParamAdded,
        Role::ParamSetter => Rule::OptionalParamAdded,
        Role::BodySetter if item.demanded => Rule::RequiredRequestBodyAdded,
        Role::BodySetter => Rule::OptionalRequestBodyAdded,
        Role::BodyFormSetter => Rule::RequestBodyFormAdded,
        Role::Pagination => Rule::PaginationAdded,
        Role::ErrorVariant => Rule::ErrorStatusAdded,
        Role::Type => Rule::TypeAdded,
        // A field in `new()` (not an `Option`) is a new positional argument.
        Role::Field if item.signature.starts_with("Option<") || item.signature.starts_with("Vec<FilePart>") => {
            Rule::OptionalFieldAdded
        }
        Role::Field if response_side => Rule::RequiredFieldAdded,
        Role::Field => Rule::RequiredRequestFieldAdded,
        Role::EnumValue if response_side => Rule::ResponseEnumValueAdded,
        Role::EnumValue => Rule::RequestEnumValueAdded,
        Role::UnionVariant => Rule::UnionVariantAdded,
        Role::CredentialSetter => Rule::SecuritySchemeAdded,
        Role::Send | Role::SuccessVariant | Role::Constructor | Role::Other => Rule::ItemAdded,
    }
}

/// The rule of a removed item, by its role.
fn removed(item: &Item) -> Rule {
    let response_side = item.sides.is_none_or(|s| s.response || !s.request);
    match item.role {
        Role::Operation => Rule::OperationRemoved,
        Role::PathArg => Rule::PathParamRemoved,
        Role::ParamSetter => Rule::ParamRemoved,
        Role::BodySetter | Role::BodyFormSetter => Rule::RequestBodyRemoved,
        Role::Pagination => Rule::PaginationRemoved,
        Role::ErrorVariant => Rule::ErrorStatusRemoved,
        Role::SuccessVariant => Rule::SuccessBodyChanged,
        Role::Type => Rule::TypeRemoved,
        Role::Field => Rule::FieldRemoved,
        Role::EnumValue if response_side => Rule::ResponseEnumValueRemoved,
        Role::EnumValue => Rule::RequestEnumValueRemoved,
        Role::UnionVariant => Rule::UnionVariantRemoved,
        Role::CredentialSetter => Rule::SecuritySchemeRemoved,
        Role::Send | Role::Constructor | Role::Other => Rule::ItemRemoved,
    }
}

/// The rule of a changed signature, by role; `None` when the change is reported by other items
/// (a constructor's arguments are its fields).
fn signature_rule(a: &Item, b: &Item) -> Option<Rule> {
    Some(match b.role {
        Role::PathArg | Role::ParamSetter => Rule::ParamTypeChanged,
        Role::BodySetter | Role::BodyFormSetter => Rule::RequestBodyTypeChanged,
        Role::Send | Role::SuccessVariant => Rule::SuccessBodyChanged,
        Role::ErrorVariant => Rule::ErrorBodyChanged,
        Role::Field => {
            let optional = |s: &str| s.strip_prefix("Option<").and_then(|s| s.strip_suffix('>')).map(str::to_string);
            if optional(&a.signature).as_deref() == Some(b.signature.as_str()) {
                Rule::FieldBecameRequired
            } else if optional(&b.signature).as_deref() == Some(a.signature.as_str()) {
                Rule::FieldBecameOptional
            } else {
                Rule::FieldTypeChanged
            }
        }
        Role::Constructor => return None,
        Role::Type => Rule::TypeKindChanged,
        Role::Operation
        | Role::Pagination
        | Role::EnumValue
        | Role::UnionVariant
        | Role::CredentialSetter
        | Role::Other => Rule::SignatureChanged,
    })
}

/// The rule of a changed wire form (the signature being the same), by role.
fn wire_rule(a: &Item, b: &Item) -> Option<Rule> {
    Some(match b.role {
        Role::PathArg | Role::ParamSetter => Rule::ParamSerializationChanged,
        Role::Field if a.wire == "required" || a.wire == "optional" => Rule::FieldRequirednessChangedSameType,
        Role::Pagination => Rule::PaginationChanged,
        Role::BodySetter | Role::BodyFormSetter => {
            // A body sent in another media type is the media types' change (`sent-media-type-removed`).
            let media = |w: &str| w.split_once(": ").map(|(m, _)| m.to_string());
            if media(&a.wire) != media(&b.wire) {
                return None;
            }
            Rule::WireFormChanged
        }
        _ => Rule::WireFormChanged,
    })
}

/// A signature with the paths of renamed items (`renames`, old → new, as signatures spell them)
/// replaced by their new paths: a path is a run of identifier characters and `::`.
fn renamed_through(signature: &str, renames: &HashMap<String, String>) -> String {
    if renames.is_empty() {
        return signature.to_string();
    }
    let mut out = String::with_capacity(signature.len());
    let mut path = String::new();
    let flush = |path: &mut String, out: &mut String| {
        out.push_str(renames.get(path.as_str()).map_or(path.as_str(), String::as_str));
        path.clear();
    };
    for c in signature.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            path.push(c);
        } else {
            flush(&mut path, &mut out);
            out.push(c);
        }
    }
    flush(&mut path, &mut out);
    out
}
