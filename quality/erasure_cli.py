"""`salesops erase`: erase one member or customer, rewrite the warehouse file, re-publish the BI copy.

Takes the pipeline's writer lock (`ingestion.writer_lock`). Prints only the pseudonym and the
tables touched, never the personal data or the id that was typed. The heavy imports wait for
the command to run, so `salesops --help` stays quick.
"""

from __future__ import annotations

import argparse


def add_erase_parser(commands: argparse._SubParsersAction) -> None:
    erase = commands.add_parser(
        "erase", help="删除个人数据 / erase a person's data (PIPL art. 47, GDPR art. 17)")
    subject = erase.add_mutually_exclusive_group(required=True)
    subject.add_argument("--customer", metavar="CODE", help="标准客户编码 / golden customer code")
    subject.add_argument("--member", metavar="ID", help="会员编号 / POS member id")
    erase.add_argument("--reason", help="删除原因（勿含个人信息）/ why (no personal data here)")
    erase.add_argument("--requested-by", default="data-steward", help="申请人 / who asked for it")
    erase.set_defaults(handler=run_erase)


def run_erase(args: argparse.Namespace, settings) -> int:
    """Erase in the warehouse, rewrite its file, then re-publish the BI copy; returns the exit code.

    The BI copy is replaced (atomic rename), not edited: BI sessions may hold it open read-only.
    """
    from ingestion import warehouse_file
    from ingestion.writer_lock import writer_lock
    from quality.erasure import erase_customer, erase_member
    from serving.pg_publish import publish_bi
    from serving.publish import publish_copy

    with writer_lock(settings.warehouse, settings.writer_lock_timeout):
        con = warehouse_file.connect(settings.warehouse, settings.encryption_key)
        try:
            if args.member:
                result = erase_member(con, args.member, settings.pii_salt, args.reason, args.requested_by)
            else:
                result = erase_customer(con, args.customer, settings.pii_salt, args.reason, args.requested_by)
        except LookupError as missing:
            print(f"未删除 / nothing erased: {missing}")
            return 1
        finally:
            con.close()
        warehouse_file.rewrite(settings.warehouse, settings.encryption_key, settings.encryption_key)
        republished = settings.published_warehouse.exists()
        if republished:
            with warehouse_file.connect(settings.warehouse, settings.encryption_key) as con:
                publish_copy(con, settings.warehouse, settings.published_warehouse, settings.encryption_key)
            if settings.bi_db_url:  # the PostgreSQL copy of bi is a published copy too
                publish_bi(settings.published_warehouse, settings.bi_db_url, settings.bi_reader_password,
                           settings.encryption_key)
                print("PostgreSQL 中的 bi 已重新发布 / the bi schema in PostgreSQL was re-published.")
    _print_summary(result, republished)
    return 0


def _print_summary(result, republished: bool) -> None:
    print(f"已删除 / erased {result.subject_type} → 假名 / pseudonym {result.pseudonym[:16]}…"
          f" (erasure {result.erasure_id})")
    for table, rows in sorted(result.touched.items()):
        print(f"  {table}: {rows:,} 行 rows")
    print(f"共 {len(result.touched)} 张表 {result.rows:,} 行 / {len(result.touched)} tables, {result.rows:,} rows;"
          " 仓库文件已重写 / warehouse file rewritten.")
    if republished:
        print("BI 副本已重新发布 / the BI copy was re-published from the rewritten file.")
    if not result.rows:
        print("未找到此人的数据；已加入删除名单 / no rows found; the person is on the suppression list anyway.")
