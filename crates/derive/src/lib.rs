//! `#[derive(FromValue)]`: reading a Podium object type out of a YAML value
//! (`podium_engine::from_value`), and `#[derive(ToJson)]` (below): writing it as JSON
//! (`podium_engine::to_json`). Both follow the `#[serde(...)]` attributes the type carries,
//! so the names written and the names read cannot drift apart.
//!
//! Why not serde's own `Deserialize`: its derived visitor is generic over the deserializer
//! and carries the whole field-identifier and `MapAccess` machinery per type; in the page's
//! wasm that was the biggest single item. What this derive writes per type is one `match`
//! from field name to field, calling the field type's `FromValue`; everything else (walking
//! the mapping, paths, unknown fields, type errors) is plain non-generic code in the engine.
//!
//! Attributes read (all others, which only concern writing, are accepted and ignored):
//! container `rename_all = "camelCase"`, `default`, `from = "Type"`, `untagged` (enums of
//! one-field variants); field `rename`, `default`, `skip`, `with = "module"` (calls
//! `module::from_value`), `deserialize_with = "function"` (a function of the same shape);
//! unit enum variants are read as plain strings, with `rename`/`rename_all`.
//! The generated code names `crate::from_value`, so it is for the engine crate only.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{format_ident, quote};
use syn::{parse_macro_input, Data, DeriveInput, Fields, LitStr};

#[proc_macro_derive(FromValue, attributes(serde))]
pub fn derive_from_value(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

#[derive(Default)]
struct Container {
    rename_all_camel: bool,
    default: bool,
    from: Option<syn::Type>,
    untagged: bool,
}

#[derive(Default)]
struct Field {
    rename: Option<String>,
    default: bool,
    skip: bool,
    /// A function `fn(Value, &mut Cx) -> Result<T, Error>`.
    reader: Option<syn::Path>,
}

/// Refuses an attribute this derive would read wrongly (`unsupported`); skips any other it
/// does not use (with its `= value`), since those only concern serializing.
fn refuse_or_ignore(meta: &syn::meta::ParseNestedMeta, unsupported: &[&str]) -> syn::Result<()> {
    if unsupported.iter().any(|n| meta.path.is_ident(n)) {
        return Err(meta.error("FromValue: this serde attribute is not supported"));
    }
    if meta.input.peek(syn::Token![=]) {
        let _: syn::Expr = meta.value()?.parse()?;
    }
    Ok(())
}

/// A `default` without `= "function"` (the only form read); `which` is "container" or "field".
fn plain(meta: &syn::meta::ParseNestedMeta, which: &str) -> syn::Result<bool> {
    if meta.input.peek(syn::Token![=]) {
        return Err(meta.error(format!("FromValue: only a plain {which} `default` is supported")));
    }
    Ok(true)
}

fn container_attrs(attrs: &[syn::Attribute]) -> syn::Result<Container> {
    let mut c = Container::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let rule: LitStr = meta.value()?.parse()?;
                if rule.value() != "camelCase" {
                    return Err(meta.error("FromValue: only rename_all = \"camelCase\" is supported"));
                }
                c.rename_all_camel = true;
            } else if meta.path.is_ident("default") {
                c.default = plain(&meta, "container")?;
            } else if meta.path.is_ident("from") {
                let ty: LitStr = meta.value()?.parse()?;
                c.from = Some(ty.parse()?);
            } else if meta.path.is_ident("untagged") {
                c.untagged = true;
            } else {
                refuse_or_ignore(&meta, &["deny_unknown_fields", "tag", "content", "transparent", "try_from", "rename"])?;
            }
            Ok(())
        })?;
    }
    Ok(c)
}

fn field_attrs(attrs: &[syn::Attribute]) -> syn::Result<Field> {
    let mut f = Field::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let name: LitStr = meta.value()?.parse()?;
                f.rename = Some(name.value());
            } else if meta.path.is_ident("default") {
                f.default = plain(&meta, "field")?;
            } else if meta.path.is_ident("skip") || meta.path.is_ident("skip_deserializing") {
                f.skip = true;
            } else if meta.path.is_ident("with") {
                let module: LitStr = meta.value()?.parse()?;
                let mut path: syn::Path = module.parse()?;
                path.segments.push(format_ident!("from_value").into());
                f.reader = Some(path);
            } else if meta.path.is_ident("deserialize_with") {
                let function: LitStr = meta.value()?.parse()?;
                f.reader = Some(function.parse()?);
            } else {
                refuse_or_ignore(&meta, &["flatten", "alias", "borrow", "bound"])?;
            }
            Ok(())
        })?;
    }
    Ok(f)
}

/// serde's `camelCase` for a snake_case field name.
fn camel_case(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for ch in name.chars() {
        if ch == '_' {
            upper = true;
        } else if upper {
            out.extend(ch.to_uppercase());
            upper = false;
        } else {
            out.push(ch);
        }
    }
    out
}

/// serde's `camelCase` for a PascalCase variant name.
fn camel_case_variant(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let c = container_attrs(&input.attrs)?;
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(&input.generics, "FromValue: generic types are not supported"));
    }
    let body = if let Some(from) = &c.from {
        quote! { <#from as crate::from_value::FromValue>::from_value(v, cx).map(::core::convert::From::from) }
    } else {
        match &input.data {
            Data::Struct(s) => match &s.fields {
                Fields::Named(fields) => named_struct(name, &c, fields)?,
                Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                    let ty = &fields.unnamed[0].ty;
                    quote! { <#ty as crate::from_value::FromValue>::from_value(v, cx).map(#name) }
                }
                _ => return Err(syn::Error::new_spanned(name, "FromValue: unit and tuple structs are not supported")),
            },
            Data::Enum(e) if c.untagged => untagged_enum(name, e)?,
            Data::Enum(e) => unit_enum(&c, e)?,
            Data::Union(_) => return Err(syn::Error::new_spanned(name, "FromValue: unions are not supported")),
        }
    };
    Ok(quote! {
        impl crate::from_value::FromValue for #name {
            // Not inlined: a type read in many places (ObjectMeta, a pod template) is then one
            // copy, called from each parent's field match.
            #[inline(never)]
            #[allow(unused_variables)]
            fn from_value(
                v: crate::from_value::Value,
                cx: &mut crate::from_value::Cx,
            ) -> ::core::result::Result<Self, crate::from_value::Error> {
                #body
            }
        }
    })
}

fn named_struct(name: &syn::Ident, c: &Container, fields: &syn::FieldsNamed) -> syn::Result<Tokens> {
    let expected = format!("struct {name}");
    // `keys[i]` is read by `arms[i]`.
    let mut keys = Vec::new();
    let mut arms = Vec::new();
    let mut locals = Vec::new();
    let mut inits = Vec::new();
    let mut field_defaults = Vec::new();
    for field in &fields.named {
        let ident = field.ident.as_ref().expect("named field");
        let ty = &field.ty;
        let a = field_attrs(&field.attrs)?;
        let rust_name = ident.to_string();
        let rust_name = rust_name.strip_prefix("r#").unwrap_or(&rust_name);
        let key = a.rename.clone().unwrap_or_else(|| if c.rename_all_camel { camel_case(rust_name) } else { rust_name.to_string() });
        let i = keys.len();
        if c.default {
            // Missing fields keep the container's `Default::default()`, a field's own
            // `default` overrides it (as serde does).
            if a.default && !a.skip {
                field_defaults.push(quote! { out.#ident = ::core::default::Default::default(); });
            }
            if a.skip {
                continue;
            }
            arms.push(match &a.reader {
                Some(f) => quote! { #i => { out.#ident = #f(v, cx)?; ::core::result::Result::Ok(()) } },
                None => quote! { #i => <#ty as crate::from_value::FromValue>::read_into(&mut out.#ident, v, cx), },
            });
        } else if a.skip {
            inits.push(quote! { #ident: ::core::default::Default::default() });
            continue;
        } else {
            let local = format_ident!("field_{}", rust_name);
            locals.push(quote! { let mut #local: ::core::option::Option<#ty> = ::core::option::Option::None; });
            arms.push(match &a.reader {
                Some(f) => quote! { #i => { #local = ::core::option::Option::Some(#f(v, cx)?); ::core::result::Result::Ok(()) } },
                None => quote! { #i => <#ty as crate::from_value::FromValue>::read_some(&mut #local, v, cx), },
            });
            let missing = if a.default {
                quote! { ::core::default::Default::default() }
            } else if a.reader.is_some() {
                quote! { return ::core::result::Result::Err(<crate::from_value::Error as crate::from_value::DeError>::missing_field(#key)) }
            } else {
                quote! { <#ty as crate::from_value::FromValue>::missing(#key)? }
            };
            inits.push(quote! { #ident: match #local { ::core::option::Option::Some(x) => x, ::core::option::Option::None => #missing } });
        }
        keys.push(key);
    }
    let reader = quote! {
        crate::from_value::read_fields(v, cx, #expected, &[#(#keys),*], &mut |i: usize, v: crate::from_value::Value, cx: &mut crate::from_value::Cx| {
            match i {
                #(#arms)*
                _ => ::core::unreachable!(),
            }
        })?;
    };
    Ok(if c.default {
        quote! {
            let mut out: Self = ::core::default::Default::default();
            #(#field_defaults)*
            #reader
            ::core::result::Result::Ok(out)
        }
    } else {
        quote! {
            #(#locals)*
            #reader
            ::core::result::Result::Ok(#name { #(#inits),* })
        }
    })
}

fn unit_enum(c: &Container, e: &syn::DataEnum) -> syn::Result<Tokens> {
    let mut names = Vec::new();
    let mut arms = Vec::new();
    for (i, variant) in e.variants.iter().enumerate() {
        if !matches!(variant.fields, Fields::Unit) {
            return Err(syn::Error::new_spanned(variant, "FromValue: only unit variants (or an untagged enum) are supported"));
        }
        let a = field_attrs(&variant.attrs)?;
        let ident = &variant.ident;
        let rust_name = ident.to_string();
        names.push(a.rename.unwrap_or_else(|| if c.rename_all_camel { camel_case_variant(&rust_name) } else { rust_name }));
        arms.push(quote! { #i => ::core::result::Result::Ok(Self::#ident), });
    }
    Ok(quote! {
        match crate::from_value::unit_variant(v, &[#(#names),*])? {
            #(#arms)*
            _ => ::core::unreachable!(),
        }
    })
}

fn untagged_enum(name: &syn::Ident, e: &syn::DataEnum) -> syn::Result<Tokens> {
    let mut tries = Vec::new();
    for variant in &e.variants {
        let ident = &variant.ident;
        match &variant.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                let ty = &f.unnamed[0].ty;
                tries.push(quote! {
                    if let ::core::result::Result::Ok(x) = <#ty as crate::from_value::FromValue>::from_value(v.clone(), &mut scratch) {
                        return ::core::result::Result::Ok(Self::#ident(x));
                    }
                });
            }
            _ => return Err(syn::Error::new_spanned(variant, "FromValue: untagged enums need one-field variants")),
        }
    }
    let message = format!("data did not match any variant of untagged enum {name}");
    Ok(quote! {
        let mut scratch = crate::from_value::untagged_input(&v, cx)?;
        #(#tries)*
        ::core::result::Result::Err(<crate::from_value::Error as crate::from_value::DeError>::custom(#message))
    })
}

// ---------------------------------------------------------------------------------------
// `#[derive(ToJson)]`: the other direction.

/// `#[derive(ToJson)]`: writing a Podium object type as compact JSON (`podium_engine::to_json`),
/// byte for byte what serde's derived `Serialize` wrote through `serde_json::to_string`, from
/// the same `#[serde(...)]` attributes.
///
/// Why not serde's `Serialize`: its derived code is generic over the serializer, and
/// serde_json inlines its map and key machinery into every field of every type; here each
/// field is a test, a call writing its ready-made `"key":` and a call writing its value,
/// all through one non-generic writer.
///
/// Attributes read: container `rename_all = "camelCase"`, `untagged` (enums of one-field
/// variants); field `rename`, `skip`/`skip_serializing`, `skip_serializing_if = "function"`,
/// `with = "module"` (calls `module::to_json`), `serialize_with = "function"` (same shape);
/// variant `rename`. Those that only concern reading (`default`, `from`, `deserialize_with`,
/// `skip_deserializing`) are ignored; any other is refused, so no attribute is silently
/// written wrongly. The generated code names `crate::to_json`: for the engine crate only.
#[proc_macro_derive(ToJson, attributes(serde))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand_to_json(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

#[derive(Default)]
struct WriteContainer {
    rename_all_camel: bool,
    untagged: bool,
}

#[derive(Default)]
struct WriteField {
    rename: Option<String>,
    skip: bool,
    skip_if: Option<syn::Path>,
    /// A function `fn(&T, &mut Writer)`.
    writer: Option<syn::Path>,
}

/// Skips the `= value` of an attribute that only concerns reading.
fn ignore_value(meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        let _: syn::Expr = meta.value()?.parse()?;
    }
    Ok(())
}

fn write_container_attrs(attrs: &[syn::Attribute]) -> syn::Result<WriteContainer> {
    let mut c = WriteContainer::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                let rule: LitStr = meta.value()?.parse()?;
                if rule.value() != "camelCase" {
                    return Err(meta.error("ToJson: only rename_all = \"camelCase\" is supported"));
                }
                c.rename_all_camel = true;
            } else if meta.path.is_ident("untagged") {
                c.untagged = true;
            } else if meta.path.is_ident("default") || meta.path.is_ident("from") {
                ignore_value(&meta)?;
            } else {
                return Err(meta.error("ToJson: this serde attribute is not supported (write the impl by hand)"));
            }
            Ok(())
        })?;
    }
    Ok(c)
}

fn write_field_attrs(attrs: &[syn::Attribute]) -> syn::Result<WriteField> {
    let mut f = WriteField::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let name: LitStr = meta.value()?.parse()?;
                f.rename = Some(name.value());
            } else if meta.path.is_ident("skip") || meta.path.is_ident("skip_serializing") {
                f.skip = true;
            } else if meta.path.is_ident("skip_serializing_if") {
                let function: LitStr = meta.value()?.parse()?;
                f.skip_if = Some(function.parse()?);
            } else if meta.path.is_ident("with") {
                let module: LitStr = meta.value()?.parse()?;
                let mut path: syn::Path = module.parse()?;
                path.segments.push(format_ident!("to_json").into());
                f.writer = Some(path);
            } else if meta.path.is_ident("serialize_with") {
                let function: LitStr = meta.value()?.parse()?;
                f.writer = Some(function.parse()?);
            } else if ["default", "deserialize_with", "skip_deserializing"].iter().any(|n| meta.path.is_ident(n)) {
                ignore_value(&meta)?;
            } else {
                return Err(meta.error("ToJson: this serde attribute is not supported"));
            }
            Ok(())
        })?;
    }
    Ok(f)
}

/// `text` as a JSON string, escaped as serde_json escapes (so a key can be written as is).
fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn expand_to_json(input: &DeriveInput) -> syn::Result<Tokens> {
    let c = write_container_attrs(&input.attrs)?;
    let name = &input.ident;
    if input.generics.type_params().next().is_some() || input.generics.const_params().next().is_some() {
        return Err(syn::Error::new_spanned(&input.generics, "ToJson: generic types are not supported"));
    }
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let (body, inline) = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(fields) => (write_named_struct(&c, fields)?, quote! { #[inline(never)] }),
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                (quote! { crate::to_json::ToJson::write_json(&self.0, w) }, quote! {})
            }
            _ => return Err(syn::Error::new_spanned(name, "ToJson: unit and tuple structs are not supported")),
        },
        Data::Enum(e) if c.untagged => (write_untagged_enum(e)?, quote! {}),
        Data::Enum(e) => (write_unit_enum(&c, e)?, quote! {}),
        Data::Union(_) => return Err(syn::Error::new_spanned(name, "ToJson: unions are not supported")),
    };
    Ok(quote! {
        impl #impl_generics crate::to_json::ToJson for #name #ty_generics #where_clause {
            #inline
            fn write_json(&self, w: &mut crate::to_json::Writer) {
                #body
            }
        }
    })
}

fn write_named_struct(c: &WriteContainer, fields: &syn::FieldsNamed) -> syn::Result<Tokens> {
    let mut writes = Vec::new();
    for field in &fields.named {
        let ident = field.ident.as_ref().expect("named field");
        let a = write_field_attrs(&field.attrs)?;
        if a.skip {
            continue;
        }
        let rust_name = ident.to_string();
        let rust_name = rust_name.strip_prefix("r#").unwrap_or(&rust_name);
        let key = a.rename.clone().unwrap_or_else(|| if c.rename_all_camel { camel_case(rust_name) } else { rust_name.to_string() });
        if json_string(&key) != format!("\"{key}\"") {
            return Err(syn::Error::new_spanned(ident, "ToJson: a key that needs escaping is not supported"));
        }
        // The bare name: the same text as `FromValue`'s key list, so stored once.
        let write = match &a.writer {
            Some(f) => quote! { w.field(#key); #f(&self.#ident, w); },
            None => quote! { w.member(#key, &self.#ident); },
        };
        writes.push(match &a.skip_if {
            Some(f) => quote! { if !#f(&self.#ident) { #write } },
            None => write,
        });
    }
    Ok(quote! {
        w.begin_object();
        #(#writes)*
        w.end_object();
    })
}

fn write_unit_enum(c: &WriteContainer, e: &syn::DataEnum) -> syn::Result<Tokens> {
    let mut arms = Vec::new();
    for variant in &e.variants {
        if !matches!(variant.fields, Fields::Unit) {
            return Err(syn::Error::new_spanned(variant, "ToJson: only unit variants (or an untagged enum) are supported"));
        }
        let a = write_field_attrs(&variant.attrs)?;
        if a.skip || a.skip_if.is_some() || a.writer.is_some() {
            return Err(syn::Error::new_spanned(variant, "ToJson: only `rename` is supported on a variant"));
        }
        let ident = &variant.ident;
        let rust_name = ident.to_string();
        let text = json_string(&a.rename.unwrap_or_else(|| if c.rename_all_camel { camel_case_variant(&rust_name) } else { rust_name }));
        arms.push(quote! { Self::#ident => #text, });
    }
    Ok(quote! {
        w.raw(match self {
            #(#arms)*
        })
    })
}

fn write_untagged_enum(e: &syn::DataEnum) -> syn::Result<Tokens> {
    let mut arms = Vec::new();
    for variant in &e.variants {
        let ident = &variant.ident;
        match &variant.fields {
            Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                arms.push(quote! { Self::#ident(x) => crate::to_json::ToJson::write_json(x, w), });
            }
            _ => return Err(syn::Error::new_spanned(variant, "ToJson: untagged enums need one-field variants")),
        }
    }
    Ok(quote! {
        match self {
            #(#arms)*
        }
    })
}
