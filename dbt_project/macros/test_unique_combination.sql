{#- Generic test: no two rows share the same combination of `columns` (vendored in place of
    dbt_utils.unique_combination_of_columns; hub packages cannot be downloaded here). -#}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as copies
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
