//! Writes the Rust program that drives every operation of a generated client against Prism.
//!
//! The arguments come from the spec itself, not from the generator's IR: each parameter and
//! request body is a JSON instance of its schema in the (normalized) spec, taken from the
//! spec's `default` or `example` where it gives one and synthesized otherwise (every required
//! property, recursively; the first member of an `anyOf`; the first value of an enum). The
//! program decodes that JSON into the generated type, so a generated type that cannot hold a
//! valid value is a failure too. The IR only says how the generated method is called.
//!
//! The program talks to Prism through a recording proxy of its own (std only), so that it sees
//! the `sl-violations` header and status of every exchange, also on a success.

use std::fmt::Write as _;

use generator::ir::{Api, BodyEncoding, Operation, ParamLocation, Success, Type, TypeKind};
use generator::lower::naming::{unraw, Scope};
use heck::ToUpperCamelCase;
use serde_json::{json, Map, Value};

/// One method call of the program: the operation (index into `Api::operations`), a name, and
/// the request it makes.
#[derive(Clone, Debug)]
pub struct Call {
    pub op: usize,
    pub id: String,
    pub method: String,
    pub path: String,
}

/// The source of the program (an example of the crate named `krate`) and its calls, in order.
pub fn program(api: &Api, doc: &Value, krate: &str) -> (String, Vec<Call>) {
    let names = params_struct_names(api);
    let mut calls = Vec::new();
    let mut functions = String::new();
    for (i, op) in api.operations.iter().enumerate() {
        let mut methods: Vec<(String, bool)> = Vec::new();
        match &op.success {
            Success::Download { .. } => methods.push((op.method.clone(), true)),
            Success::JsonOrDownload {
                download_method, ..
            } => {
                methods.push((op.method.clone(), false));
                methods.push((download_method.clone(), true));
            }
            Success::Empty | Success::Json(_) | Success::Text => {
                methods.push((op.method.clone(), false))
            }
        }
        for (method, download) in methods {
            let n = calls.len();
            let id = op
                .group
                .iter()
                .map(String::as_str)
                .chain([unraw(&method)])
                .collect::<Vec<_>>()
                .join(".");
            let body = function(api, doc, krate, op, &method, download, names[i].as_deref())
                .unwrap_or_else(|why| {
                    format!("    Err(\"the harness could not build the arguments: {why}\".to_owned())\n")
                });
            let _ = writeln!(
                functions,
                "async fn call_{n}(client: &{krate}::{client}) -> Result<(), String> {{\n{body}}}\n",
                client = api.client_name
            );
            calls.push(Call {
                op: i,
                id,
                method: op.http_method.clone(),
                path: op.path.clone(),
            });
        }
    }
    let mut table = String::new();
    for c in &calls {
        let _ = writeln!(
            table,
            "    ({:?}, {:?}, {:?}, {}),",
            c.id, c.method, c.path, c.op
        );
    }
    let mut dispatch = String::new();
    for n in 0..calls.len() {
        let _ = writeln!(dispatch, "        {n} => call_{n}(client).await,");
    }
    let source = PROGRAM
        .replace("KRATE", krate)
        .replace("CLIENT", &api.client_name)
        .replace("// CALLS\n", &table)
        .replace("// DISPATCH\n", &dispatch)
        .replace("// FUNCTIONS\n", &functions);
    (source, calls)
}

/// The name of each operation's `params` struct, as `emit::operation` gives them: in document
/// order, claimed in one scope, for the operations with an optional parameter.
fn params_struct_names(api: &Api) -> Vec<Option<String>> {
    let mut scope = Scope::default();
    api.operations
        .iter()
        .map(|op| {
            op.params.iter().any(|p| !p.required).then(|| {
                let camel: String = op.group.iter().map(|p| p.to_upper_camel_case()).collect();
                scope.claim(&format!(
                    "{camel}{}Params",
                    unraw(&op.method).to_upper_camel_case()
                ))
            })
        })
        .collect()
}

/// The body of the function that makes one call.
fn function(
    api: &Api,
    doc: &Value,
    krate: &str,
    op: &Operation,
    method: &str,
    download: bool,
    params_struct: Option<&str>,
) -> Result<String, String> {
    let spec_op = doc
        .pointer(&op.pointer)
        .ok_or_else(|| format!("no operation at {}", op.pointer))?;
    let path_item = op
        .pointer
        .rsplit_once('/')
        .and_then(|(p, _)| doc.pointer(p))
        .unwrap_or(&Value::Null);
    let mut out = String::new();
    let mut args = Vec::new();
    let mut optional = Vec::new();
    for (k, p) in op.params.iter().enumerate() {
        let location = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        };
        let spec_param = find_param(doc, spec_op, path_item, &p.wire, location)
            .ok_or_else(|| format!("no spec parameter `{}` in {location}", p.wire))?;
        // A deprecated optional parameter is left out: Prism warns about any use of it.
        let deprecated = spec_param.get("deprecated") == Some(&Value::Bool(true));
        if deprecated && !p.required {
            continue;
        }
        let value = match spec_param.get("example") {
            Some(example) => example.clone(),
            None => instance(
                doc,
                spec_param.get("schema").unwrap_or(&Value::Null),
                0,
                true,
            ),
        };
        // A list in the query gets two items: Prism reads one `name=value` as a single value,
        // which does not match a schema of `anyOf: [array, null]`.
        let value = match value {
            Value::Array(items) if items.len() == 1 && location == "query" => {
                Value::Array(vec![items[0].clone(), items[0].clone()])
            }
            other => other,
        };
        let json = serde_json::to_string(&value).unwrap();
        let what = format!("{location} parameter `{}`", p.wire);
        if p.required {
            let ty = if p.ty == Type::String {
                "::<String>"
            } else {
                ""
            };
            let _ = writeln!(out, "    let a{k} = v{ty}({what:?}, {json:?})?;");
            args.push(if p.ty.is_copy() {
                format!("a{k}")
            } else {
                format!("&a{k}")
            });
        } else {
            optional.push(format!(
                "    params.{} = v({what:?}, {json:?})?;",
                generator::emit::ident(&p.name)
            ));
        }
    }
    if let Some(body) = &op.body {
        let media = match body.encoding {
            BodyEncoding::Json => "application/json",
            BodyEncoding::Multipart => "multipart/form-data",
            BodyEncoding::UrlEncoded => "application/x-www-form-urlencoded",
            BodyEncoding::Raw => body.media_type.as_str(),
        };
        let schema = resolve(doc, spec_op.get("requestBody").unwrap_or(&Value::Null))
            .pointer(&format!("/content/{}/schema", media.replace('/', "~1")))
            .ok_or_else(|| format!("no {media} schema for the request body"))?;
        match body.encoding {
            // A form-urlencoded body is the same struct as a JSON one, sent as `a=1&b=2`.
            BodyEncoding::Json | BodyEncoding::UrlEncoded => {
                let json = serde_json::to_string(&instance(doc, schema, 0, true)).unwrap();
                let _ = writeln!(out, "    let body = v(\"request body\", {json:?})?;");
            }
            BodyEncoding::Multipart => {
                let _ = writeln!(out, "    let body = {};", form(api, doc, krate, &body.ty)?);
            }
            BodyEncoding::Raw => {
                let _ = writeln!(
                    out,
                    "    let body = {krate}::runtime::RawBody::from(\"example\");"
                );
            }
        }
        args.push(match (body.required, body.encoding) {
            (true, BodyEncoding::Raw) => "body".to_owned(),
            (false, BodyEncoding::Raw) => "Some(body)".to_owned(),
            (true, _) => "&body".to_owned(),
            (false, _) => "Some(&body)".to_owned(),
        });
    }
    if let Some(name) = params_struct {
        // The params structs are `#[non_exhaustive]`: built by `Default`, their fields set.
        let _ = writeln!(
            out,
            "    let mut params = {krate}::params::{name}::default();\n{}",
            optional.join("\n")
        );
        args.push("&params".to_owned());
    }
    let accessors: String = op
        .group
        .iter()
        .map(|g| format!(".{}()", generator::emit::ident(g)))
        .collect();
    let call = format!(
        "client{accessors}.{}({})",
        generator::emit::ident(method),
        args.join(", ")
    );
    if download {
        let _ = writeln!(
            out,
            "    let mut download = {call}.await.map_err(error)?;\n    while download.chunk().await.map_err(|e| format!(\"the download broke off: {{e}}\"))?.is_some() {{}}"
        );
    } else {
        let _ = writeln!(out, "    let _response = {call}.await.map_err(error)?;");
    }
    out.push_str("    Ok(())\n");
    Ok(out)
}

/// A `multipart/form-data` body: its struct literal (files are a small PDF; the other fields
/// come from their schema).
fn form(api: &Api, doc: &Value, krate: &str, ty: &Type) -> Result<String, String> {
    let Type::Named(id) = ty else {
        return Err("a multipart body that is not a named struct".into());
    };
    let def = &api.types[id.0];
    let TypeKind::Struct(s) = &def.kind else {
        return Err("a multipart body that is not a struct".into());
    };
    let schema = doc
        .pointer(&def.pointer)
        .ok_or_else(|| format!("no schema at {}", def.pointer))?;
    let file = format!(
        "{krate}::runtime::File::new(\"report.pdf\", b\"%PDF-1.4\\n%%EOF\\n\".to_vec()).with_content_type(\"application/pdf\")"
    );
    // The form is `#[non_exhaustive]`: `new` takes the required fields (typed here, since
    // `new` takes `impl Into<T>`), the optional ones are set after.
    let path = |t: &Type| {
        generator::emit::ty(api, t)
            .to_string()
            .replace("crate :: ", &format!("{krate}::"))
            .replace(' ', "")
    };
    let mut required = Vec::new();
    let mut fields = Vec::new();
    for f in &s.fields {
        let name = generator::emit::ident(&f.name);
        let value = if f.ty == Type::Bytes {
            file.clone()
        } else if f.ty == Type::Vec(Box::new(Type::Bytes)) {
            // Two parts: Prism reads a single part of a name as a value, not as an array.
            format!("vec![{file}, {file}]")
        } else {
            let field_schema = schema
                .pointer(&format!(
                    "/properties/{}",
                    f.wire.replace('~', "~0").replace('/', "~1")
                ))
                .unwrap_or(&Value::Null);
            let json = serde_json::to_string(&instance(doc, field_schema, 0, true)).unwrap();
            format!("v(\"form field `{}`\", {json:?})?", f.wire)
        };
        match f.required {
            true => required.push(format!("{{ let value: {} = {value}; value }}", path(&f.ty))),
            false => fields.push(format!("form.{name} = Some({value});")),
        }
    }
    let build = match required.is_empty() {
        true => format!("{}::default()", path(ty)),
        false => format!("{}::new({})", path(ty), required.join(", ")),
    };
    Ok(format!(
        "{{ let mut form = {build}; {} form }}",
        fields.join(" ")
    ))
}

/// The spec parameter `name` in `location`, from the operation or else its path item.
fn find_param<'a>(
    doc: &'a Value,
    op: &'a Value,
    path_item: &'a Value,
    name: &str,
    location: &str,
) -> Option<&'a Value> {
    [op, path_item]
        .into_iter()
        .filter_map(|v| v.get("parameters")?.as_array())
        .flatten()
        .map(|p| resolve(doc, p))
        .find(|p| {
            p.get("name").and_then(Value::as_str) == Some(name)
                && p.get("in").and_then(Value::as_str) == Some(location)
        })
}

/// Follows `$ref`s inside the document.
fn resolve<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match v
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(pointer) => match doc.pointer(pointer) {
                Some(target) => v = target,
                None => return v,
            },
            None => return v,
        }
    }
    v
}

/// How deep optional properties are filled in (required ones always are).
const OPTIONAL_DEPTH: usize = 8;

/// A valid instance of `schema`: its `default` or `example` for a scalar, its first enum value,
/// or a value built from its type and format; objects get every required property and, when
/// `every`, every optional one that is not deprecated (down to [`OPTIONAL_DEPTH`]), so that
/// each field of a request type goes through the generated code to Prism.
pub fn instance(doc: &Value, schema: &Value, depth: usize, every: bool) -> Value {
    let schema = resolve(doc, schema);
    if depth > 24 {
        return Value::Null;
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        if let Some(first) = values.iter().find(|v| !v.is_null()).or(values.first()) {
            return first.clone();
        }
    }
    let scalar = |v: &Value| !v.is_object() && !v.is_array() && !v.is_null();
    for key in ["default", "example"] {
        if let Some(v) = schema.get(key).filter(|v| scalar(v)) {
            return v.clone();
        }
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in all {
            match instance(doc, part, depth + 1, every) {
                Value::Object(o) => merged.extend(o),
                other if all.len() == 1 => return other,
                _ => {}
            }
        }
        return Value::Object(merged);
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(members) = schema.get(key).and_then(Value::as_array) {
            let null = |m: &&Value| resolve(doc, m).get("type") == Some(&json!("null"));
            if let Some(first) = members.iter().find(|m| !null(m)).or(members.first()) {
                return instance(doc, first, depth + 1, every);
            }
        }
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ => "",
    };
    let number = |fallback: f64| {
        let min = schema.get("minimum").and_then(Value::as_f64).or_else(|| {
            schema
                .get("exclusiveMinimum")
                .and_then(Value::as_f64)
                .map(|m| m + 1.0)
        });
        let max = schema.get("maximum").and_then(Value::as_f64);
        match (min, max) {
            (Some(min), _) => min.max(fallback.min(max.unwrap_or(f64::MAX))),
            (None, Some(max)) => fallback.min(max),
            (None, None) => fallback,
        }
    };
    match ty {
        "string" => Value::String(string(schema)),
        "integer" => json!(number(1.0) as i64),
        "number" => json!(number(1.5)),
        "boolean" => json!(true),
        "array" => {
            let item = instance(
                doc,
                schema.get("items").unwrap_or(&Value::Null),
                depth + 1,
                every,
            );
            let count = schema
                .get("minItems")
                .and_then(Value::as_u64)
                .unwrap_or(1)
                .max(1);
            Value::Array(vec![item; count as usize])
        }
        "object" => {
            let mut out = Map::new();
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (name, prop) in props {
                    let deprecated = resolve(doc, prop).get("deprecated") == Some(&json!(true));
                    let wanted = required.contains(&name.as_str())
                        || (every && !deprecated && depth < OPTIONAL_DEPTH);
                    if wanted {
                        out.insert(name.clone(), instance(doc, prop, depth + 1, every));
                    }
                }
            }
            Value::Object(out)
        }
        "null" => Value::Null,
        // An open schema: any value will do.
        _ => json!("value"),
    }
}

/// A string that satisfies the schema's `format` and length limits.
fn string(schema: &Value) -> String {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    // The spec's patterns, each with a value that matches it.
    let pattern = schema.get("pattern").and_then(Value::as_str).unwrap_or("");
    let matching = [
        ("^tryvital", "tryvital://tryvital?code=skus0123abcd"),
        ("(sk|pk)(eu|us)", "skus0123abcd"),
        ("\\d{5}", "12345"),
        ("Etc\\/", "Europe/London"),
    ];
    if let Some((_, value)) = matching.iter().find(|(p, _)| pattern.contains(p)) {
        return (*value).to_owned();
    }
    let mut s = match format {
        "uuid" | "uuid4" => "0b7d5d52-33f4-4cbb-a1ab-3b8b3c7f1a10".to_owned(),
        "date" => "2024-01-15".to_owned(),
        "date-time" => "2024-01-15T10:30:00+00:00".to_owned(),
        "email" => "someone@example.com".to_owned(),
        "uri" | "url" => "https://example.com/".to_owned(),
        "time" => "10:30:00".to_owned(),
        "int64" => "1".to_owned(),
        _ => "text".to_owned(),
    };
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    while s.chars().count() < min {
        s.push('x');
    }
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
        s = s.chars().take(max as usize).collect();
    }
    s
}

/// The program, with `KRATE`, `CLIENT` and the `// CALLS`, `// DISPATCH` and `// FUNCTIONS`
/// lines filled in. Arguments: the upstream address (`127.0.0.1:PORT` of Prism) and how many
/// times to make each call. It prints one `RESULT {json}` line per call.
const PROGRAM: &str = r####"//! Generated by generator/tests/conformance.rs: drives every operation against Prism.
#![allow(deprecated, unused_mut, clippy::all)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// `(name, HTTP method, path template, operation index)` of each call.
const CALLS: &[(&str, &str, &str, usize)] = &[
// CALLS
];

/// One request seen by the proxy, with Prism's answer.
#[derive(Clone, Debug)]
struct Exchange {
    request: String,
    status: u16,
    violations: Option<String>,
}

type Log = Arc<Mutex<Vec<Exchange>>>;

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.split("\r\n").skip(1).find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// The length of a complete chunked body at the start of `body`, if it is all there.
fn chunked_len(body: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        let line_end = at + find(&body[at..], b"\r\n")?;
        let size_text = std::str::from_utf8(&body[at..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        at = line_end + 2;
        if size == 0 {
            let end = at + find(&body[at..], b"\r\n")?;
            return Some(end + 2);
        }
        at += size + 2;
        if at > body.len() {
            return None;
        }
    }
}

/// Reads one whole HTTP message head and body (`Content-Length` or chunked; a response may also
/// end at EOF).
fn read_message(stream: &mut TcpStream, until_eof: bool) -> std::io::Result<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16384];
    loop {
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let body = &buf[end + 4..];
            let complete = if let Some(n) = header(&head, "content-length") {
                n.parse::<usize>().map_or(true, |n| body.len() >= n)
            } else if header(&head, "transfer-encoding").is_some_and(|t| t.contains("chunked")) {
                chunked_len(body).is_some()
            } else {
                !until_eof
            };
            if complete {
                return Ok((head, body.to_vec()));
            }
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return match find(&buf, b"\r\n\r\n") {
                Some(end) => Ok((String::from_utf8_lossy(&buf[..end]).into_owned(), buf[end + 4..].to_vec())),
                None => Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed mid-message")),
            };
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// The head with its connection headers replaced by `Connection: close`.
fn closing(head: &str) -> String {
    let mut out: Vec<&str> = head
        .split("\r\n")
        .filter(|line| {
            let name = line.split(':').next().unwrap_or("").trim().to_ascii_lowercase();
            name != "connection" && name != "keep-alive"
        })
        .collect();
    out.push("Connection: close");
    out.join("\r\n") + "\r\n\r\n"
}

fn exchange(mut client: TcpStream, upstream: SocketAddr, log: &Log) -> std::io::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(120)))?;
    let (head, body) = read_message(&mut client, false)?;
    let mut up = TcpStream::connect(upstream)?;
    up.set_read_timeout(Some(Duration::from_secs(120)))?;
    up.write_all(closing(&head).as_bytes())?;
    up.write_all(&body)?;
    let (response_head, response_body) = read_message(&mut up, true)?;
    let status = response_head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let request = head.split("\r\n").next().unwrap_or("").to_owned();
    let violations = header(&response_head, "sl-violations").map(str::to_owned);
    // Logged before the client sees the answer, so the call finds it when it returns.
    log.lock().unwrap().push(Exchange { request, status, violations });
    client.write_all(closing(&response_head).as_bytes())?;
    client.write_all(&response_body)?;
    client.flush()
}

/// A proxy on 127.0.0.1 that forwards each request to `upstream` and logs the exchange.
fn proxy(upstream: SocketAddr, log: Log) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("the proxy binds");
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || {
                if let Err(e) = exchange(stream, upstream, &log) {
                    log.lock().unwrap().push(Exchange {
                        request: format!("(proxy error: {e})"),
                        status: 0,
                        violations: None,
                    });
                }
            });
        }
    });
    url
}

/// Decodes an argument from the JSON the test built from the spec.
fn v<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        format!(
            "the {what} built from the spec, {json}, does not decode into the generated type at `{}`: {}",
            e.path(),
            e.inner()
        )
    })
}

fn error(e: KRATE::Error) -> String {
    match &e {
        KRATE::Error::Decode { body, .. } => {
            let cut: String = body.chars().take(600).collect();
            format!("{e}\n      body: {cut}")
        }
        _ => e.to_string(),
    }
}

async fn call(n: usize, client: &KRATE::CLIENT) -> Result<(), String> {
    match n {
// DISPATCH
        _ => unreachable!(),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let upstream: SocketAddr = args.next().expect("upstream address").parse().expect("an address");
    let rounds: usize = args.next().map_or(1, |r| r.parse().expect("a number of rounds"));
    let log: Log = Arc::default();
    let url = proxy(upstream, log.clone());
    let client = KRATE::CLIENT::builder()
        .api_key("conformance-test-key")
        .base_url(url)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("the client builds");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        for round in 0..rounds {
            for (n, (id, method, path, op)) in CALLS.iter().enumerate() {
                log.lock().unwrap().clear();
                let result = call(n, &client).await;
                let exchanges = std::mem::take(&mut *log.lock().unwrap());
                let exchanges: Vec<serde_json::Value> = exchanges
                    .iter()
                    .map(|x| serde_json::json!({"request": x.request, "status": x.status, "violations": x.violations}))
                    .collect();
                let line = serde_json::json!({
                    "call": n, "op": op, "id": id, "method": method, "path": path, "round": round,
                    "error": result.err(), "exchanges": exchanges,
                });
                println!("RESULT {line}");
            }
        }
    });
}

// FUNCTIONS
"####;
