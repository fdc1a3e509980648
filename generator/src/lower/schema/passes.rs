//! Passes over the lowered types: which are sent in requests, which required deprecated fields
//! are read as optional, which are forms, and where recursive cycles need a `Box`.

use crate::ir::{Body, BodyEncoding, Operation, Success, Type, TypeDef, TypeId, TypeKind, Webhook};

/// Every named type reachable from `ty`.
fn named_in(ty: &Type, out: &mut Vec<TypeId>) {
    match ty {
        Type::Named(id) => out.push(*id),
        Type::Vec(t) | Type::Map(t) | Type::Option(t) | Type::Box(t) => named_in(t, out),
        _ => {}
    }
}

/// The type expressions a type definition holds.
pub(crate) fn held_types(kind: &TypeKind) -> Vec<&Type> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(&s.additional)
            .chain(s.flattened.iter().map(|f| &f.ty))
            .collect(),
        TypeKind::Untagged(vs) => vs.iter().map(|v| &v.ty).collect(),
        TypeKind::Tagged(t) => t.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(t) => vec![t],
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// [`held_types`], to change them in place.
fn held_types_mut(kind: &mut TypeKind) -> Vec<&mut Type> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter_mut()
            .map(|f| &mut f.ty)
            .chain(&mut s.additional)
            .chain(s.flattened.iter_mut().map(|f| &mut f.ty))
            .collect(),
        TypeKind::Untagged(vs) => vs.iter_mut().map(|v| &mut v.ty).collect(),
        TypeKind::Tagged(t) => t.variants.iter_mut().map(|v| &mut v.ty).collect(),
        TypeKind::Alias(t) => vec![t],
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Types a type definition refers to.
fn references(kind: &TypeKind) -> Vec<TypeId> {
    let mut out = Vec::new();
    for t in held_types(kind) {
        named_in(t, &mut out);
    }
    out
}

/// Marks every type reachable from a request body as sent in requests.
pub(crate) fn mark_request_types(types: &mut [TypeDef], operations: &[Operation]) {
    let mut stack = Vec::new();
    for op in operations {
        if let Some(body) = &op.body {
            named_in(&body.ty, &mut stack);
        }
    }
    while let Some(id) = stack.pop() {
        if types[id.0].in_request {
            continue;
        }
        types[id.0].in_request = true;
        stack.extend(references(&types[id.0].kind));
    }
}

/// Reads as optional each required deprecated field of a type the client decodes (reachable
/// from a JSON response, a declared error or a webhook payload), whether or not the type is
/// also sent: deprecation announces that the API will stop sending the field, and a required
/// field that stops coming makes the whole response fail to decode. In a type that is also
/// sent, the caller may then leave it out; the spec's own `required` still says to send it.
/// A type only sent keeps it required. A field that is the tag of a tagged union stays
/// required (the union's variants are chosen by it).
pub(crate) fn relax_deprecated(types: &mut [TypeDef], operations: &[Operation], hooks: &[Webhook]) {
    let mut stack = Vec::new();
    for op in operations {
        if let Some(ty) = op.success.json_type() {
            named_in(ty, &mut stack);
        }
        stack.extend(op.errors.iter().map(|e| e.ty));
    }
    for w in hooks {
        named_in(&w.payload, &mut stack);
    }
    let mut decoded = vec![false; types.len()];
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut decoded[id.0], true) {
            continue;
        }
        stack.extend(references(&types[id.0].kind));
    }
    let mut tags: Vec<(TypeId, String)> = Vec::new();
    for def in types.iter() {
        if let TypeKind::Tagged(t) = &def.kind {
            for v in &t.variants {
                let mut ids = Vec::new();
                named_in(&v.ty, &mut ids);
                tags.extend(ids.into_iter().map(|id| (id, t.tag.clone())));
            }
        }
    }
    for (i, def) in types.iter_mut().enumerate() {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        if !decoded[i] {
            continue;
        }
        for f in &mut s.fields {
            let tag = tags.iter().any(|(id, tag)| id.0 == i && *tag == f.wire);
            if f.required && f.deprecated && !tag {
                f.required = false;
                f.relaxed = true;
            }
        }
    }
}

/// Marks multipart body types as forms; everywhere else a binary string is a `String`.
pub(crate) fn mark_form_types(types: &mut [TypeDef], operations: &mut [Operation]) {
    for op in operations.iter() {
        if let Some(Body {
            ty: Type::Named(id),
            encoding: BodyEncoding::Multipart,
            ..
        }) = &op.body
        {
            types[id.0].form = true;
        }
    }
    fn no_bytes(ty: &mut Type) {
        match ty {
            Type::Bytes => *ty = Type::String,
            Type::Vec(t) | Type::Map(t) | Type::Option(t) | Type::Box(t) => no_bytes(t),
            _ => {}
        }
    }
    // Outside a multipart body, `format: binary` is text: a parameter, a JSON or form body, a
    // response.
    for op in operations.iter_mut() {
        op.params.iter_mut().for_each(|p| no_bytes(&mut p.ty));
        if let Some(body) = op
            .body
            .as_mut()
            .filter(|b| b.encoding != BodyEncoding::Multipart)
        {
            no_bytes(&mut body.ty);
        }
        match &mut op.success {
            Success::Json(t) | Success::JsonOrDownload { ty: t, .. } => no_bytes(t),
            Success::Empty | Success::Text | Success::Download { .. } => {}
        }
    }
    for def in types.iter_mut().filter(|d| !d.form) {
        held_types_mut(&mut def.kind).into_iter().for_each(no_bytes);
    }
}

/// The named type a value of `ty` holds inline (not behind a `Vec` or map), if any.
fn inline_target(ty: &Type) -> Option<TypeId> {
    match ty {
        Type::Named(id) => Some(*id),
        Type::Option(t) => inline_target(t),
        _ => None,
    }
}

/// The type expressions a type definition holds inline: [`held_types_mut`] but the values of
/// a struct's additional properties (in a map) and the target of an alias (which cannot box).
fn inline_types_mut(kind: &mut TypeKind) -> Vec<&mut Type> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter_mut()
            .map(|f| &mut f.ty)
            .chain(s.flattened.iter_mut().map(|f| &mut f.ty))
            .collect(),
        TypeKind::Alias(_) => Vec::new(),
        other => held_types_mut(other),
    }
}

/// The aliases that are defined through themselves with no struct, enum or union on the way
/// (`A = B`, `B = Option<A>`): such a type has no Rust form (an alias cannot be recursive, nor
/// boxed), and its only values are `null`s, so the spec is wrong; each is reported.
pub(crate) fn alias_cycles(types: &[TypeDef]) -> Vec<TypeId> {
    fn targets(ty: &Type, out: &mut Vec<TypeId>) {
        match ty {
            Type::Named(id) => out.push(*id),
            Type::Option(t) | Type::Box(t) | Type::Vec(t) | Type::Map(t) => targets(t, out),
            _ => {}
        }
    }
    let edges: Vec<Vec<TypeId>> = types
        .iter()
        .map(|t| {
            let mut out = Vec::new();
            if let TypeKind::Alias(target) = &t.kind {
                targets(target, &mut out);
                out.retain(|id| matches!(types[id.0].kind, TypeKind::Alias(_)));
            }
            out
        })
        .collect();
    let component = strongly_connected(&edges);
    (0..types.len())
        .filter(|&i| {
            edges[i].iter().any(|t| t.0 == i)
                || (0..types.len()).any(|j| j != i && component[j] == component[i])
        })
        .map(TypeId)
        .collect()
}

/// Boxes every inline reference that closes a cycle, so recursive types have a finite size.
pub(crate) fn break_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<TypeId>> = types
        .iter_mut()
        .map(|t| {
            let alias = match &t.kind {
                TypeKind::Alias(target) => inline_target(target),
                _ => None,
            };
            inline_types_mut(&mut t.kind)
                .into_iter()
                .filter_map(|ty| inline_target(ty))
                .chain(alias)
                .collect()
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, def) in types.iter_mut().enumerate() {
        let in_cycle = |target: TypeId| component[target.0] == component[i];
        for ty in inline_types_mut(&mut def.kind) {
            box_if(ty, &in_cycle);
        }
    }
}

fn box_if(ty: &mut Type, in_cycle: &impl Fn(TypeId) -> bool) {
    match ty {
        Type::Named(id) if in_cycle(*id) => *ty = Type::Box(Box::new(Type::Named(*id))),
        Type::Option(inner) => box_if(inner, in_cycle),
        _ => {}
    }
}

/// Tarjan's algorithm: the strongly connected component of each node.
fn strongly_connected(edges: &[Vec<TypeId>]) -> Vec<usize> {
    struct State<'e> {
        edges: &'e [Vec<TypeId>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        component: Vec<usize>,
        components: usize,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for w in s.edges[v].iter().map(|t| t.0) {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(wi) if s.on_stack[w] => s.low[v] = s.low[v].min(wi),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                s.component[w] = s.components;
                if w == v {
                    break;
                }
            }
            s.components += 1;
        }
    }
    let n = edges.len();
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        component: vec![0; n],
        components: 0,
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    // A node alone in its component is only cyclic with a self-edge.
    let mut out = s.component;
    for (v, targets) in edges.iter().enumerate() {
        let alone = out.iter().filter(|c| **c == out[v]).count() == 1;
        if alone && !targets.iter().any(|t| t.0 == v) {
            out[v] = usize::MAX - v;
        }
    }
    out
}
