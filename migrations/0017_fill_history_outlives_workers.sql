-- Deleting a worker used to delete their assignments (ON DELETE CASCADE): booked fills silently lost
-- workers. Now a worker with a future fill cannot be deleted (409 worker_has_future_fills), and one
-- whose fills are all past or cancelled is deleted while the fills keep the id they booked, so the key
-- goes. A booking locks its workers' rows (FOR KEY SHARE) so a delete cannot slip in between.
ALTER TABLE "fill_assignments" DROP CONSTRAINT "fill_assignments_worker_id_workers_id_fk";
