{#- Custom schemas are used as named (core, sales, staging), not prefixed with the target schema,
    because BI tools and the S&OP pack address them by these names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
