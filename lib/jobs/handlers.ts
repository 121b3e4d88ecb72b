// Every kind of job the runner knows: each feature's module calls defineJobHandler when imported. One
// import line per feature (webhook deliveries, newsletter sends, scheduled backups).
import "@/lib/webhooks/jobs";
