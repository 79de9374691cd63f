from ui import layout


def test_layout_css_survives_the_html_sanitizer():
    # DOMPurify drops a <style> element whose text contains "<" (so would Streamlit's st.html)
    css = layout.STYLE_FILE.read_text(encoding="utf-8")
    assert "<" not in css
    assert ".st-key-hk-map iframe" in css
