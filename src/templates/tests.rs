use serde_json::json;

use super::*;

fn meta(body: &str) -> Value {
    json!({"name": "order_ready", "language": "es", "status": "APPROVED", "category": "UTILITY",
        "components": [{"type": "BODY", "text": body, "example": {"body_text": [["Pedro", "18:00"]]}}]})
}

#[test]
fn meta_template_is_read_with_its_parameters_described_by_the_examples() {
    let t = Template::from_meta(&meta("Hola {{1}}, tu pedido está listo a las {{2}}. {{1}}!")).unwrap();
    assert_eq!((t.name.as_str(), t.language.as_str(), t.category.as_str()), ("order_ready", "es", "UTILITY"));
    assert_eq!(t.params, ["{{1}} e.g. Pedro", "{{2}} e.g. 18:00"]);
    assert!(t.is_approved() && t.from_meta && t.param_names.is_empty());
    assert_eq!(t.fill(&["Ana".into(), "10:30".into()]), "Hola Ana, tu pedido está listo a las 10:30. Ana!");
}

#[test]
fn named_parameters_media_header_and_url_buttons_are_read() {
    let v = json!({"name": "promo", "language": "en_US", "status": "approved", "parameter_format": "NAMED",
        "components": [
            {"type": "HEADER", "format": "IMAGE"},
            {"type": "BODY", "text": "Hi {{first_name}}, {{discount}} off!",
             "example": {"body_text_named_params": [{"param_name": "first_name", "example": "Ana"}]}},
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Stop"},
                {"type": "URL", "text": "Shop", "url": "https://shop.example/{{1}}"},
                {"type": "URL", "text": "Home", "url": "https://shop.example/"}]}]});
    let t = Template::from_meta(&v).unwrap();
    assert_eq!(t.status, "APPROVED");
    assert_eq!(t.param_names, ["first_name", "discount"]);
    assert_eq!(t.params, ["{{first_name}} e.g. Ana", "{{discount}}"]);
    assert_eq!(t.media_header.as_deref(), Some("IMAGE"));
    assert_eq!(t.url_buttons, [(1, "https://shop.example/{{1}}".to_string())]);
    let values = ["Ana".to_string(), "20%".to_string()];
    let out = t.outbound(&values, Some("https://cdn.example/a.jpg"), &["spring".into()]).unwrap();
    assert_eq!(out.text.as_deref(), Some("Hi Ana, 20% off!"));
    assert_eq!(out.readable(), "Hi Ana, 20% off!");
    assert_eq!(
        out.header.map(|h| (h.format, h.link)),
        Some(("image".into(), "https://cdn.example/a.jpg".into()))
    );
    assert_eq!(out.buttons, [(1, "spring".to_string())]);
    let no_link = t.outbound(&values, None, &["spring".into()]).unwrap_err();
    assert!(no_link.contains("IMAGE header") && no_link.contains("--header-link"), "{no_link}");
    assert!(t.outbound(&values, Some("file:///etc/passwd"), &["x".into()]).is_err());
    assert!(t.outbound(&values, Some("https://x/y"), &[]).unwrap_err().contains("URL button"));
}

#[test]
fn malformed_meta_entries_are_refused_and_named() {
    assert_eq!(Template::from_meta(&json!({"language": "es"})).unwrap_err(), "a template without a name");
    let no_body = json!({"name": "x", "language": "es", "status": "APPROVED", "components": []});
    assert_eq!(Template::from_meta(&no_body).unwrap_err(), "template \"x\": no BODY component");
    let no_components = json!({"name": "x", "language": "es", "status": "APPROVED"});
    assert!(Template::from_meta(&no_components).unwrap_err().contains("no components"));
    let mixed = meta("{{1}} and {{name}}");
    assert!(Template::from_meta(&mixed).unwrap_err().contains("mixing"));
}

#[test]
fn a_template_that_is_not_approved_is_refused_with_its_status_and_reason() {
    let mut t = Template::from_meta(&meta("Hola {{1}} {{2}}")).unwrap();
    t.status = "REJECTED".into();
    t.reason = Some("INCORRECT_CATEGORY".into());
    let e = t.outbound(&["a".into(), "b".into()], None, &[]).unwrap_err();
    assert_eq!(
        e,
        "template \"order_ready\" (es) is REJECTED (INCORRECT_CATEGORY) at Meta: only approved templates can be sent"
    );
}

#[test]
fn parameter_count_and_empty_values_are_checked() {
    let t = Template::from_meta(&meta("Hola {{1}} {{2}}")).unwrap();
    assert!(t.outbound(&["a".into()], None, &[]).unwrap_err().contains("takes 2 --param value(s)"));
    assert_eq!(t.outbound(&["a".into(), " ".into()], None, &[]).unwrap_err(), "--param 2 is empty");
}

#[test]
fn config_templates_without_text_keep_the_bracketed_form_and_meta_wins_by_name_and_language() {
    let config = [
        TemplateConfig {
            name: "order_ready".into(),
            language: "es".into(),
            params: vec![],
            text: String::new(),
        },
        TemplateConfig {
            name: "hello".into(),
            language: "en".into(),
            params: vec!["who".into()],
            text: String::new(),
        },
    ];
    let list = catalogue(vec![Template::from_meta(&meta("Hola {{1}} {{2}}")).unwrap()], &config);
    assert_eq!(
        list.iter().map(|t| (t.name.as_str(), t.from_meta)).collect::<Vec<_>>(),
        [("order_ready", true), ("hello", false)]
    );
    let hello = find(&list, "hello").unwrap().outbound(&["Ana".into()], None, &[]).unwrap();
    assert_eq!(hello.readable(), "[template hello: Ana]");
    assert!(find(&list, "nope").unwrap_err().contains("known: order_ready, hello"));
}

#[test]
fn fill_leaves_unknown_and_unclosed_placeholders_alone() {
    assert_eq!(fill("{{1}} {{3}} {{x}}", &[], &["a".into()]), "a {{3}} {{x}}");
    assert_eq!(fill("a {{1", &[], &["x".into()]), "a {{1");
    assert_eq!(fill("{{ 1 }}!", &[], &["x".into()]), "x!");
    assert_eq!(placeholders("{{2}} {{1}} {{2}} {{}} {{a b}}"), ["2", "1"]);
}
