{#- Text normalisation shared by staging and matching; plain SQL functions, so the same
    project builds on DuckDB and PostgreSQL. -#}

{#- Full-width ASCII and the ideographic space to half-width (ＡＢＣ１２３ → ABC123). -#}
{% macro halfwidth(expression) -%}
    translate({{ expression }}, '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　', '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ ')
{%- endmacro %}

{#- A source code or key: half-width, no spaces, upper case, empty as null. -#}
{% macro normalize_code(expression) -%}
    nullif(upper(replace({{ halfwidth(expression) }}, ' ', '')), '')
{%- endmacro %}

{#- Free text: half-width spaces trimmed, empty as null; the characters themselves are kept. -#}
{% macro clean_text(expression) -%}
    nullif(trim(replace({{ expression }}, '　', ' ')), '')
{%- endmacro %}
