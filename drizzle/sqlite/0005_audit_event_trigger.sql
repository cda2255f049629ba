-- Custom SQL migration (drizzle-kit generate --custom): audit_log.event_id, the contest event an entry is about,
-- so GET /api/audit?eventId= reads one event's history (marks, sheets, registrations, judges, draw, results) through
-- audit_event_idx instead of scanning the trail. Set on insert from the entity (an event, or a registration, theory
-- score, judge assignment or promotion of one), else from the eventId the entry's values carry (marks, sheets); then
-- filled for the entries already there.
create trigger audit_log_event_ai after insert on audit_log
  when new.event_id is null
begin
  update audit_log set event_id = coalesce(
    case new.entity
      when 'event' then new.entity_id
      when 'registration' then (select event_id from registrations where id = new.entity_id)
      when 'theory_score' then (select event_id from theory_scores where id = new.entity_id)
      when 'judge_assignment' then (select event_id from judge_assignments where id = new.entity_id)
      when 'promotion' then (select event_id from promotions where id = new.entity_id)
    end,
    case when json_valid(coalesce(new.after, new.before)) then json_extract(coalesce(new.after, new.before), '$.eventId') end
  )
  where id = new.id
    and (new.entity in ('event', 'registration', 'theory_score', 'judge_assignment', 'promotion')
      or coalesce(new.after, new.before) like '%"eventId"%');
end;
--> statement-breakpoint
update audit_log set event_id = coalesce(
  case entity
    when 'event' then entity_id
    when 'registration' then (select r.event_id from registrations r where r.id = audit_log.entity_id)
    when 'theory_score' then (select s.event_id from theory_scores s where s.id = audit_log.entity_id)
    when 'judge_assignment' then (select j.event_id from judge_assignments j where j.id = audit_log.entity_id)
    when 'promotion' then (select p.event_id from promotions p where p.id = audit_log.entity_id)
  end,
  case when json_valid(coalesce(after, before)) then json_extract(coalesce(after, before), '$.eventId') end
)
where event_id is null;
