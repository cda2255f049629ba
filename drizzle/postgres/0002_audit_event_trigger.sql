-- Custom SQL migration (drizzle-kit generate --custom): audit_log.event_id, the contest event an entry is about, so
-- GET /api/audit?eventId= reads one event's history through audit_event_idx. PostgreSQL sets it before the row is
-- written (SQLite, which cannot change NEW, updates the row after; drizzle/sqlite/0005_audit_event_trigger.sql): from
-- the entity (an event, or a registration, theory score, judge assignment or promotion of one), else from the eventId
-- the entry's values carry (marks, sheets).
create or replace function audit_log_event_bi() returns trigger language plpgsql as $$
declare
  v jsonb := coalesce(new.after, new.before);
begin
  if new.event_id is null then
    new.event_id := coalesce(
      case new.entity
        when 'event' then new.entity_id
        when 'registration' then (select event_id from registrations where id = new.entity_id)
        when 'theory_score' then (select event_id from theory_scores where id = new.entity_id)
        when 'judge_assignment' then (select event_id from judge_assignments where id = new.entity_id)
        when 'promotion' then (select event_id from promotions where id = new.entity_id)
      end,
      case when jsonb_typeof(v) = 'object' and jsonb_typeof(v -> 'eventId') = 'number' then (v ->> 'eventId')::numeric::integer end
    );
  end if;
  return new;
end $$;
--> statement-breakpoint
create trigger audit_log_event_bi before insert on audit_log for each row execute function audit_log_event_bi();
