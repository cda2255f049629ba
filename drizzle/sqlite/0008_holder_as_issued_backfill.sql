-- Custom SQL migration (drizzle-kit generate --custom): the holder as issued on the certificates and promotion records
-- made before the columns existed — the name and resident ID (masked as maskResidentId does: the first 6 and last 4
-- characters, 8 stars between) their worker has now, the best record there is of what they were issued with.
update certificates set
  holder_name = (select u.name from users u where u.id = certificates.worker_id),
  holder_resident_id = (
    select case when p.id_number is null then null else substr(p.id_number, 1, 6) || '********' || substr(p.id_number, 15) end
      from worker_profiles p where p.user_id = certificates.worker_id)
where holder_name is null;
--> statement-breakpoint
update promotions set
  holder_name = (select u.name from users u where u.id = promotions.worker_id),
  holder_resident_id = (
    select case when p.id_number is null then null else substr(p.id_number, 1, 6) || '********' || substr(p.id_number, 15) end
      from worker_profiles p where p.user_id = promotions.worker_id)
where holder_name is null;
