{#- Small helpers shared by the sales KPI marts (models/marts/sales). Built only from dbt's
    cross-database macros and SQL that runs on DuckDB and PostgreSQL alike. -#}

{% macro month_of(date_column) -%}
cast({{ dbt.date_trunc('month', date_column) }} as date)
{%- endmacro %}

{% macro months_before(month_column, months) -%}
cast({{ dbt.dateadd('month', -1 * months, month_column) }} as date)
{%- endmacro %}

{#- The order or receipt a line belongs to: source_key is `<order_id>-<line_no>`, and the
    order id may itself contain '-', so cut at the last one. Prefixed with the source system
    so an ERP order and a POS receipt can never collide. -#}
{% macro order_key(source_system_column, source_key_column) -%}
{{ source_system_column }} || ':' || left(
    {{ source_key_column }},
    length({{ source_key_column }}) - position('-' in reverse({{ source_key_column }}))
)
{%- endmacro %}

{#- numerator / denominator, NULL when the denominator is 0 or missing (growth on no base
    is undefined, not infinite). `* 1.0` keeps integer counts from dividing as integers on
    PostgreSQL; the fixed scale gives both databases the same type and the same digits. -#}
{% macro ratio(numerator, denominator) -%}
cast(case
    when {{ denominator }} is null or {{ denominator }} = 0 then null
    else ({{ numerator }}) * 1.0 / ({{ denominator }})
end as numeric(18, 6))
{%- endmacro %}

{#- Money in decimal CNY, typed as the core facts type it (sums and differences would
    otherwise come out as unbounded numeric on PostgreSQL). -#}
{% macro money(expression) -%}
cast({{ expression }} as numeric(18, 2))
{%- endmacro %}
