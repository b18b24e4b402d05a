{#- Personal data is declared once, as column meta in the bi YAML (`meta: {pii: phone}`), and
    masked here; no model writes its own masking. The expressions give the same output as
    quality/masking.py, so a masked value in a report equals the one a BI view shows. Keys are
    salted sha256 (salt from SALESOPS_PII_SALT), stable for joins, unreadable without the salt. -#}

{% macro mask_pii(column, pii_class) -%}
    {%- set salt = "'" ~ env_var('SALESOPS_PII_SALT', 'salesops-demo-salt') | replace("'", "''") ~ "'" -%}
    {%- if pii_class in (none, 'none', 'business_name') -%}
        {{ column }}
    {%- elif pii_class == 'phone' -%}
        case when {{ column }} is null or {{ column }} = '' then {{ column }}
            when {{ regex_matches(column, '^1[3-9]\d{9}$') }} then left({{ column }}, 3) || '****' || right({{ column }}, 4)
            else '****' end
    {%- elif pii_class == 'email' -%}
        case when {{ column }} is null or {{ column }} = '' then {{ column }}
            when {{ regex_matches(column, '^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$') }}
                then left({{ column }}, 1) || '***@' || split_part({{ column }}, '@', 2)
            else '***' end
    {%- elif pii_class == 'name' -%}
        case when {{ column }} is null or {{ column }} = '' then {{ column }}
            else left({{ column }}, 1) || repeat('*', length({{ column }}) - 1) end
    {%- elif pii_class == 'birth_date' -%}
        cast(date_trunc('year', {{ column }}) as date)
    {%- elif pii_class in ('id_number', 'address') -%}
        case when {{ column }} is null then null else '***' end
    {%- elif pii_class == 'key' -%}
        left({{ sha256_hex(salt ~ ' || ' ~ column) }}, 16)
    {%- elif pii_class == 'member_code' -%}
        {#- POS members appear as MBR-<member_id> in customer_code; business codes pass through -#}
        case when {{ column }} like 'MBR-%' then 'MBR-' || left({{ sha256_hex(salt ~ ' || substr(' ~ column ~ ', 5)') }}, 16)
            else {{ column }} end
    {%- else -%}
        {{ exceptions.raise_compiler_error("未知的 PII 分类 / unknown PII class '" ~ pii_class ~ "' on " ~ column) }}
    {%- endif -%}
{%- endmacro %}


{#- The PII class the current model's YAML declares for a column (meta, or config.meta). -#}
{% macro pii_class_of(column_name) -%}
    {%- set column = model.columns.get(column_name, {}) -%}
    {%- set meta = column.get('meta') or column.get('config', {}).get('meta') or {} -%}
    {{- return(meta.get('pii')) -}}
{%- endmacro %}


{#- The select list of a BI view: every column, masked by its declared class. A column whose
    name looks personal but has no class fails the build, so new personal data never reaches
    BI unmasked by accident. -#}
{% macro masked_columns(column_names) -%}
    {%- for name in column_names %}
        {%- set pii_class = pii_class_of(name) -%}
        {%- if execute and pii_class is none and modules.re.search('phone|mobile|email|e_mail|birth|member_name|decision_maker', name) -%}
            {{ exceptions.raise_compiler_error("列 " ~ name ~ " 像个人信息但未声明 meta.pii / column " ~ name
                ~ " of " ~ model.name ~ " looks personal: declare meta: {pii: <class>} in _bi__models.yml") }}
        {%- endif %}
        {{ mask_pii(adapter.quote(name), pii_class) }} as {{ adapter.quote(name) }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}


{#- A BI view over one model: its columns, masked per the BI YAML. -#}
{% macro bi_view(relation) -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | list if execute else [] -%}
    select
    {%- if names %}{{ masked_columns(names) }}{% else %} *{% endif %}
    from {{ relation }}
{%- endmacro %}


{#- Portable pieces of the masking expressions: DuckDB and PostgreSQL spell them differently. -#}
{% macro regex_matches(column, pattern) -%}
    {{ return(adapter.dispatch('regex_matches')(column, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(column, pattern) -%}
    regexp_full_match({{ column }}, '{{ pattern }}')
{%- endmacro %}

{% macro postgres__regex_matches(column, pattern) -%}
    ({{ column }} ~ '{{ pattern }}')
{%- endmacro %}

{% macro sha256_hex(expression) -%}
    {{ return(adapter.dispatch('sha256_hex')(expression)) }}
{%- endmacro %}

{% macro default__sha256_hex(expression) -%}
    sha256({{ expression }})
{%- endmacro %}

{% macro postgres__sha256_hex(expression) -%}
    encode(sha256(convert_to({{ expression }}, 'UTF8')), 'hex')
{%- endmacro %}
