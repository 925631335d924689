//! `x-pagination`: which style an operation pages in, its parameters and the fields of its page.
//! Anything that does not fit is a warning (`invalid-extension`) and the operation is not paginated.

use openapiv3::{Parameter, ParameterSchemaOrContent};
use serde_json::Value;

use super::ir::*;
use super::types::Types;
use crate::diagnostics::Lint;
use crate::pointer::Pointer;

/// The keys of each style; one of the first column decides the style.
const STYLES: &[(&str, &[&str])] = &[
    ("cursorParam", &["cursorParam", "cursorField", "hasMoreField", "itemsField"]),
    ("cursorParams", &["cursorParams", "itemsField"]),
    ("offsetParam", &["offsetParam", "limitParam", "itemsField", "totalField"]),
    ("pageParam", &["pageParam", "limitParam", "itemsField", "totalField"]),
];

/// A problem: where (a pointer) and what.
type Problem = (String, String);

/// Lowers the `x-pagination` at `at` of an operation with these parameters (`raw`: as the spec
/// gives them, for their defaults) and this success response.
pub(super) fn lower(
    types: &mut Types,
    at: &str,
    ext: &Value,
    params: &[Param],
    raw: &[(String, Parameter)],
    success: &Success,
) -> Option<Pagination> {
    let lowered = Lowering { types: &*types, at, params, raw }.pagination(ext, success);
    match lowered {
        Ok(pagination) => Some(pagination),
        Err((pointer, message)) => {
            types.diags.warn(Lint::InvalidExtension, pointer, format!("{message}; pagination is not generated"));
            None
        }
    }
}

struct Lowering<'a, 'b, 'c> {
    types: &'a Types<'c>,
    at: &'b str,
    params: &'b [Param],
    raw: &'b [(String, Parameter)],
}

impl Lowering<'_, '_, '_> {
    fn pagination(&self, ext: &Value, success: &Success) -> Result<Pagination, Problem> {
        let at = self.at;
        let Some(object) = ext.as_object() else {
            return Err((at.to_string(), "`x-pagination` must be an object".into()));
        };
        let styles: Vec<_> = STYLES.iter().filter(|(key, _)| object.contains_key(*key)).collect();
        let [(style, keys)] = styles.as_slice() else {
            return Err((
                at.to_string(),
                "`x-pagination` needs exactly one of `cursorParam`, `cursorParams`, `offsetParam` and `pageParam`"
                    .into(),
            ));
        };
        if let Some(key) = object.keys().find(|key| !keys.contains(&key.as_str())) {
            return Err((
                Pointer::from(at).child(key).into(),
                format!("`x-pagination` with `{style}` takes no key `{key}`"),
            ));
        }
        let text = |key: &str| -> Result<Option<&str>, Problem> {
            match object.get(key) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.as_str())),
                Some(_) => Err((Pointer::from(at).child(key).into(), format!("`{key}` must be a string"))),
            }
        };
        let required = |key: &str| -> Result<&str, Problem> {
            text(key)?.ok_or_else(|| (at.to_string(), format!("`x-pagination` with `{style}` needs `{key}`")))
        };

        let items_key = required("itemsField")?;
        let Success::Body(Body::Json(TypeRef::Named(page_id))) = success else {
            return Err((at.to_string(), "`x-pagination` needs the success response to be an object".into()));
        };
        let page = *page_id;
        let page_name = &self.types.def(page).name;
        if !matches!(self.types.def(page).kind, TypeKind::Struct { .. }) {
            return Err((at.to_string(), "`x-pagination` needs the success response to be an object".into()));
        }
        let items_field = self.field("itemsField", items_key, page)?;
        let Some(TypeRef::List(item_type)) = items_field.last().map(|f| &f.ty) else {
            return Err((
                Pointer::from(at).child("itemsField").into(),
                format!("`itemsField` `{items_key}` is not a list field of `{page_name}`"),
            ));
        };
        let item_type = (**item_type).clone();

        let style = match *style {
            "cursorParam" => {
                let cursor_param = self.param("cursorParam", required("cursorParam")?, |ty| *ty == TypeRef::String)?;
                let cursor_key = required("cursorField")?;
                let cursor_field = self.field("cursorField", cursor_key, page)?;
                if *leaf(&cursor_field) != TypeRef::String {
                    return Err((
                        Pointer::from(at).child("cursorField").into(),
                        format!("`cursorField` `{cursor_key}` is not a string field of `{page_name}`"),
                    ));
                }
                let has_more_field = match text("hasMoreField")? {
                    None => None,
                    Some(key) => {
                        let path = self.field("hasMoreField", key, page)?;
                        if *leaf(&path) != TypeRef::Bool {
                            return Err((
                                Pointer::from(at).child("hasMoreField").into(),
                                format!("`hasMoreField` `{key}` is not a boolean field of `{page_name}`"),
                            ));
                        }
                        Some(path)
                    }
                };
                PaginationStyle::Cursor { cursor_param, cursor_field, has_more_field }
            }
            "cursorParams" => {
                let at = Pointer::from(at).child("cursorParams");
                let Some(map) = object.get("cursorParams").and_then(Value::as_object).filter(|m| !m.is_empty()) else {
                    return Err((at.into(), "`cursorParams` must map each cursor parameter to a field".into()));
                };
                let mut cursors = Vec::new();
                for (name, field) in map {
                    let Some(key) = field.as_str() else {
                        return Err((at.child(name).into(), format!("the field of `{name}` must be a string")));
                    };
                    let field = self.field_at(&at.child(name), key, page)?;
                    let field_ty = leaf(&field).clone();
                    if !scalar(&field_ty) {
                        return Err((
                            at.child(name).into(),
                            format!("`{key}` is not a string or number field of `{page_name}`"),
                        ));
                    }
                    let param = self.param_at(&at.child(name), name, |ty| fits(ty, &field_ty))?;
                    cursors.push(CursorParam { param, field });
                }
                PaginationStyle::Cursors { cursors }
            }
            _ => {
                let key = if *style == "offsetParam" { "offsetParam" } else { "pageParam" };
                let param = self.param(key, required(key)?, integer)?;
                let limit_param =
                    text("limitParam")?.map(|name| self.param("limitParam", name, integer)).transpose()?;
                let total_field = match text("totalField")? {
                    None => None,
                    Some(total_key) => {
                        let path = self.field("totalField", total_key, page)?;
                        if !integer(leaf(&path)) {
                            return Err((
                                Pointer::from(at).child("totalField").into(),
                                format!("`totalField` `{total_key}` is not an integer field of `{page_name}`"),
                            ));
                        }
                        Some(path)
                    }
                };
                let default = self.default_of(param);
                if key == "offsetParam" {
                    PaginationStyle::Offset {
                        offset_param: param,
                        limit_param,
                        total_field,
                        default: default.unwrap_or(0),
                    }
                } else {
                    let base = u64::from(default != Some(0));
                    PaginationStyle::Page {
                        page_param: param,
                        limit_param,
                        total_field,
                        default: default.unwrap_or(1),
                        base,
                    }
                }
            }
        };
        Ok(Pagination { style, items_field, item_type })
    }

    /// The index of the query parameter `name`, named by `key`, if its type fits.
    fn param(&self, key: &str, name: &str, fits: impl Fn(&TypeRef) -> bool) -> Result<usize, Problem> {
        self.param_at(&Pointer::from(self.at).child(key), name, fits)
    }

    fn param_at(&self, at: &str, name: &str, fits: impl Fn(&TypeRef) -> bool) -> Result<usize, Problem> {
        let Some(index) =
            self.params.iter().position(|p| p.wire == name && p.location == Location::Query && p.constant.is_none())
        else {
            return Err((
                at.to_string(),
                format!("`x-pagination` names the parameter `{name}`, which is not a query parameter"),
            ));
        };
        if !fits(&self.params[index].ty) {
            return Err((
                at.to_string(),
                format!("the parameter `{name}` is not of a type `x-pagination` can set there"),
            ));
        }
        Ok(index)
    }

    /// The field at the dotted `path` of the struct `page`, named by `key`.
    fn field(&self, key: &str, path: &str, page: TypeId) -> Result<FieldPath, Problem> {
        self.field_at(&Pointer::from(self.at).child(key), path, page)
    }

    fn field_at(&self, at: &str, path: &str, page: TypeId) -> Result<FieldPath, Problem> {
        let mut fields = Vec::new();
        let mut current = page;
        let segments: Vec<&str> = path.split('.').collect();
        for (i, segment) in segments.iter().enumerate() {
            let TypeDef { name, kind, .. } = self.types.def(current);
            let TypeKind::Struct { fields: of_struct } = kind else {
                return Err((at.to_string(), format!("`{path}`: `{}` is not an object", segments[..i].join("."))));
            };
            let Some(field) = of_struct.iter().find(|f| f.wire == *segment) else {
                return Err((at.to_string(), format!("`{path}`: `{name}` has no field `{segment}`")));
            };
            if i + 1 < segments.len() {
                let TypeRef::Named(next) = &field.ty else {
                    return Err((at.to_string(), format!("`{path}`: `{segment}` is not an object")));
                };
                current = *next;
            }
            fields.push(field.clone());
        }
        Ok(fields)
    }

    /// The parameter's schema default, as a count.
    fn default_of(&self, param: usize) -> Option<u64> {
        let param = &self.params[param];
        let (_, raw) = self.raw.iter().find(|(_, p)| {
            let data = p.parameter_data_ref();
            data.name == param.wire && matches!(p, Parameter::Query { .. })
        })?;
        let ParameterSchemaOrContent::Schema(schema) = &raw.parameter_data_ref().format else { return None };
        self.types.resolve(schema, 0)?.schema_data.default.as_ref()?.as_u64()
    }
}

/// The type of the field a path ends at.
fn leaf(path: &FieldPath) -> &TypeRef {
    path.last().map_or(&TypeRef::Any, |f| &f.ty)
}

fn integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Integer(_))
}

fn scalar(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Integer(_) | TypeRef::Number)
}

/// Whether a cursor parameter of type `param` can be set from a field of type `field`: the same
/// type, text from any scalar, or a number from an integer.
fn fits(param: &TypeRef, field: &TypeRef) -> bool {
    param == field || *param == TypeRef::String || (*param == TypeRef::Number && matches!(field, TypeRef::Integer(_)))
}
