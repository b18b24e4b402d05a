{#- Which delivered rows are current, the two load kinds of EXTRACTS.md. `relation` is a CTE
    with the raw lineage renamed to batch_id and source_line; (batch_id, source_line) names one
    raw row, so the result is `relation.*` without listing its columns. -#}

{#- Snapshot entities: every row of the newest delivered file (date in the name, then sequence). -#}
{% macro newest_snapshot(relation, system, entity) %}
    select {{ relation }}.*
    from {{ relation }}
    inner join (
        select batch_id
        from {{ source('audit', 'file_loads') }}
        where source_system = '{{ system }}' and entity = '{{ entity }}' and status = 'loaded'
        order by file_date desc, file_seq desc, batch_id desc
        limit 1
    ) as newest_batch on {{ relation }}.batch_id = newest_batch.batch_id
{% endmacro %}

{#- Delta entities: per key the row with the latest `version_order` (e.g. updated_at), then the
    latest file, then the later line of that file. -#}
{% macro latest_version_per_key(relation, key_columns, version_order=none) %}
    select {{ relation }}.*
    from {{ relation }}
    inner join (
        select
            versions.batch_id,
            versions.source_line,
            row_number() over (
                partition by {% for key in key_columns %}versions.{{ key }}{{ ", " if not loop.last }}{% endfor %}
                order by
                    {% if version_order %}versions.{{ version_order }} desc nulls last,{% endif %}
                    loads.file_date desc, loads.file_seq desc, versions.batch_id desc, versions.source_line desc
            ) as version_rank
        from {{ relation }} as versions
        inner join {{ source('audit', 'file_loads') }} as loads
            on versions.batch_id = loads.batch_id and loads.status = 'loaded'
    ) as ranked
        on
            {{ relation }}.batch_id = ranked.batch_id
            and {{ relation }}.source_line = ranked.source_line
            and ranked.version_rank = 1
{% endmacro %}

{#- Snapshot entities whose rows outlive their master record (reps who left, stores not yet or no
    longer listed): every key ever delivered, as last delivered, flagged when the newest snapshot
    still lists it. -#}
{% macro every_delivered_key(relation, system, entity, key_column) %}
    with latest_known as (
        {{ latest_version_per_key(relation, [key_column]) }}
    ),

    newest as (
        {{ newest_snapshot(relation, system, entity) }}
    )

    select
        latest_known.*,
        latest_known.{{ key_column }} in (select newest.{{ key_column }} from newest) as is_in_newest_snapshot
    from latest_known
{% endmacro %}
