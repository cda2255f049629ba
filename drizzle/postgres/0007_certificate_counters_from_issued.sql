-- Custom SQL migration (drizzle-kit generate --custom): the counters start where the numbers already issued end, so
-- numbering continues — per year, the greatest sequence of that year's GJ-<year>-<sequence> numbers (packages/domain
-- certificates.ts; GJ is the issuer). The same statement on SQLite and PostgreSQL.
insert into certificate_counters (year, issuer, last)
select cast(substr(certificate_no, 4, 4) as integer), 'GJ', max(cast(substr(certificate_no, 9, 6) as integer))
  from certificates
 where certificate_no like 'GJ-____-______'
 group by substr(certificate_no, 4, 4);
