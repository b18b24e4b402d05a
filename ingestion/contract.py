"""The source extract contract (shared/EXTRACTS.md) as data.

One declaration per entity drives the loader, the raw table DDL, the demo generator and the
quality rules, so the contract is written down exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["str", "int", "dec", "money", "date", "ts", "bool"]
LoadKind = Literal["snapshot", "delta"]

# Columns where a negative value is quarantined (EXTRACTS.md, row rules).
NON_NEGATIVE_AMOUNTS = frozenset({"unit_price", "list_price", "amount", "target_amount"})


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False
    pii: str | None = None


@dataclass(frozen=True)
class Entity:
    system: str
    name: str
    kind: LoadKind
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    has_updated_at: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "has_updated_at", any(c.name == "updated_at" for c in self.columns))

    @property
    def table(self) -> str:
        """Name of the raw table, `<system>__<entity>` in schema `raw`."""
        return f"{self.system}__{self.name}"

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _cols(spec: str) -> tuple[Column, ...]:
    """Parse 'name*:type[:pii_class], ...' into columns; `*` marks required."""
    columns = []
    for item in spec.split(","):
        parts = item.strip().split(":")
        name, type_ = parts[0], parts[1]
        required = name.endswith("*")
        columns.append(
            Column(name.rstrip("*"), type_, required, parts[2] if len(parts) > 2 else None)  # type: ignore[arg-type]
        )
    return tuple(columns)


ENTITIES: tuple[Entity, ...] = (
    Entity("crm", "accounts", "snapshot", ("account_id",), _cols(
        "account_id*:str, account_name*:str, uscc:str, industry:str, company_size:str, province:str,"
        " city:str, owner_rep_id:str, decision_maker_name:str:name, decision_maker_phone:str:phone,"
        " decision_maker_email:str:email, created_at*:ts, updated_at:ts")),
    Entity("crm", "opportunities", "delta", ("opportunity_id",), _cols(
        "opportunity_id*:str, account_id*:str, lead_source:str, stage*:str, amount:money,"
        " product_interest:str, competitor:str, expected_close_date:date, owner_rep_id:str,"
        " created_at*:ts, updated_at*:ts, closed_at:ts")),
    Entity("crm", "activities", "delta", ("activity_id",), _cols(
        "activity_id*:str, account_id*:str, opportunity_id:str, rep_id*:str, activity_type*:str,"
        " activity_at*:ts, outcome:str")),
    Entity("crm", "service_tickets", "delta", ("ticket_id",), _cols(
        "ticket_id*:str, account_id*:str, sku:str, channel:str, opened_at*:ts, first_response_at:ts,"
        " resolved_at:ts, first_contact_resolved:bool, csat:int, nps:int, ces:int")),
    Entity("crm", "reps", "snapshot", ("rep_id",), _cols(
        "rep_id*:str, rep_name*:str, team:str, region*:str, manager_rep_id:str, hire_date:date,"
        " termination_date:date")),
    Entity("erp", "customers", "snapshot", ("customer_code",), _cols(
        "customer_code*:str, customer_name*:str, uscc:str, channel*:str, crm_account_id:str,"
        " province:str, city:str, credit_days:int, created_at:ts")),
    Entity("erp", "products", "snapshot", ("sku",), _cols(
        "sku*:str, product_name*:str, barcode:str, category_l1*:str, category_l2:str, brand:str,"
        " uom:str, unit_cost:money, list_price*:money, launch_date:date, status:str")),
    Entity("erp", "sales_orders", "delta", ("order_id", "line_no"), _cols(
        "order_id*:str, line_no*:int, order_date*:date, customer_code*:str, sku*:str, qty*:dec,"
        " unit_price*:money, discount_amount:money, rep_id:str, warehouse_code:str, status*:str,"
        " ship_date:date, updated_at*:ts")),
    Entity("erp", "invoices", "delta", ("invoice_id",), _cols(
        "invoice_id*:str, order_id*:str, customer_code*:str, invoice_date*:date, amount*:money,"
        " due_date:date, paid_amount:money, paid_date:date")),
    Entity("erp", "inventory", "delta", ("snapshot_date", "warehouse_code", "sku"), _cols(
        "snapshot_date*:date, warehouse_code*:str, sku*:str, on_hand_qty*:dec, in_transit_qty:dec,"
        " unit_cost:money")),
    Entity("erp", "supply_params", "snapshot", ("warehouse_code", "sku"), _cols(
        "warehouse_code*:str, sku*:str, lead_time_days*:int, moq:dec, service_level:dec")),
    Entity("erp", "sales_targets", "snapshot", ("month", "region", "category_l1", "rep_id"), _cols(
        "month*:str, region*:str, category_l1*:str, rep_id:str, target_amount*:money")),
    Entity("pos", "stores", "snapshot", ("store_id",), _cols(
        "store_id*:str, store_name*:str, store_type:str, region*:str, province:str, city:str,"
        " open_date:date, close_date:date, area_sqm:dec")),
    Entity("pos", "transactions", "delta", ("receipt_id", "line_no"), _cols(
        "receipt_id*:str, line_no*:int, store_id*:str, sold_at*:ts, barcode*:str, qty*:dec,"
        " unit_price*:money, discount_amount:money, member_id:str, payment_method:str")),
    Entity("pos", "members", "snapshot", ("member_id",), _cols(
        "member_id*:str, member_name:str:name, phone:str:phone, birth_date:date:birth_date,"
        " registered_at:ts, home_store_id:str")),
)

ENTITIES_BY_TABLE: dict[str, Entity] = {e.table: e for e in ENTITIES}
SYSTEMS: tuple[str, ...] = ("crm", "erp", "pos")
FILE_FORMATS: tuple[str, ...] = (".csv", ".xlsx", ".parquet", ".jsonl")

# Row-level quarantine rules, as recorded in quarantine.rejected_rows.rule.
ROW_RULES = (
    "missing_required",   # a required value is empty
    "invalid_integer", "invalid_decimal", "invalid_date", "invalid_timestamp", "invalid_boolean",
    "negative_amount",    # unit_price, list_price, amount or target_amount below zero
    "duplicate_key",      # an earlier copy of a key repeated later in the same file
    "malformed_record",   # a record in the middle of a file with too few or too many fields
)
# Whole-file rejection reasons, as recorded in audit.file_loads.reason and the quarantine.
FILE_RULES = (
    "file_empty", "file_unreadable", "file_truncated", "missing_column", "bad_file_name",
)


def entity(system: str, name: str) -> Entity:
    """Look up an entity by system and name, with an error that lists the valid ones."""
    try:
        return ENTITIES_BY_TABLE[f"{system}__{name}"]
    except KeyError:
        valid = ", ".join(sorted(ENTITIES_BY_TABLE))
        raise KeyError(f"unknown entity {system}/{name}; the contract has: {valid}") from None
