CREATE TABLE "voice_nodes" (
	"id" text PRIMARY KEY NOT NULL,
	"hostname" text NOT NULL,
	"pid" integer NOT NULL,
	"status" jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_instances" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"provider" text NOT NULL,
	"name" text NOT NULL,
	"credentials_encrypted" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sip_credentials" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"username" text NOT NULL,
	"auth_username" text NOT NULL,
	"identity" text NOT NULL,
	"user_id" text,
	"ha1" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sip_registrations" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"credential_id" text NOT NULL,
	"contact" text NOT NULL,
	"source_host" text NOT NULL,
	"source_port" integer NOT NULL,
	"protocol" text NOT NULL,
	"sip_call_id" text NOT NULL,
	"cseq" integer NOT NULL,
	"user_agent" text,
	"expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_trunk_registrations" (
	"trunk_id" text PRIMARY KEY NOT NULL,
	"node_id" text,
	"lease_expires_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"expires_at" timestamp with time zone,
	"last_error" text,
	"failures" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "voice_number_settings" ALTER COLUMN "voice_url" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "voice_trunks" ALTER COLUMN "tenant_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "node_id" text;--> statement-breakpoint
ALTER TABLE "voice_number_settings" ADD COLUMN "flow" jsonb;--> statement-breakpoint
ALTER TABLE "voice_trunks" ADD COLUMN "registration" jsonb;--> statement-breakpoint
ALTER TABLE "voice_trunks" ADD COLUMN "registration_password_encrypted" text;--> statement-breakpoint
ALTER TABLE "provider_instances" ADD CONSTRAINT "provider_instances_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sip_credentials" ADD CONSTRAINT "sip_credentials_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sip_registrations" ADD CONSTRAINT "sip_registrations_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sip_registrations" ADD CONSTRAINT "sip_registrations_credential_id_sip_credentials_id_fk" FOREIGN KEY ("credential_id") REFERENCES "public"."sip_credentials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_trunk_registrations" ADD CONSTRAINT "voice_trunk_registrations_trunk_id_voice_trunks_id_fk" FOREIGN KEY ("trunk_id") REFERENCES "public"."voice_trunks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provider_instances_tenant_idx" ON "provider_instances" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "sip_credentials_tenant_idx" ON "sip_credentials" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "sip_credentials_tenant_username_idx" ON "sip_credentials" USING btree ("tenant_id","username");--> statement-breakpoint
CREATE UNIQUE INDEX "sip_credentials_auth_username_idx" ON "sip_credentials" USING btree ("auth_username");--> statement-breakpoint
CREATE INDEX "sip_credentials_identity_idx" ON "sip_credentials" USING btree ("tenant_id","identity");--> statement-breakpoint
CREATE INDEX "sip_registrations_tenant_idx" ON "sip_registrations" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "sip_registrations_binding_idx" ON "sip_registrations" USING btree ("credential_id","contact");--> statement-breakpoint
CREATE INDEX "sip_registrations_expires_idx" ON "sip_registrations" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "calls_tenant_created_idx" ON "calls" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "calls_node_idx" ON "calls" USING btree ("node_id");