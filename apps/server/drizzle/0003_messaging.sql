CREATE TABLE "daily_usage" (
	"tenant_id" text NOT NULL,
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"direction" text NOT NULL,
	"currency" text NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	"segments" integer DEFAULT 0 NOT NULL,
	"cost_micros" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_usage_tenant_id_day_channel_direction_currency_pk" PRIMARY KEY("tenant_id","day","channel","direction","currency")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"channel" text NOT NULL,
	"direction" text NOT NULL,
	"status" text NOT NULL,
	"from" text,
	"to" text NOT NULL,
	"body" text,
	"subject" text,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"template" jsonb,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"encoding" text,
	"segments" integer,
	"provider" text,
	"provider_message_id" text,
	"error_code" text,
	"error_message" text,
	"price_micros" bigint,
	"currency" text,
	"status_callback" text,
	"send_at" timestamp with time zone,
	"valid_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"routing" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"provider_message_id" text NOT NULL,
	"status" text NOT NULL,
	"error_code" text,
	"error_message" text,
	"event_key" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone,
	"message_id" text
);
--> statement-breakpoint
CREATE TABLE "numbers" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"address" text NOT NULL,
	"capabilities" text[] NOT NULL,
	"provider" text NOT NULL,
	"sandbox" boolean DEFAULT false NOT NULL,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opt_out_settings" (
	"tenant_id" text PRIMARY KEY NOT NULL,
	"scope" text DEFAULT 'sender' NOT NULL,
	"help_reply" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opt_outs" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"sender" text NOT NULL,
	"recipient" text NOT NULL,
	"keyword" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_devices" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"kind" text NOT NULL,
	"address" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_traffic" (
	"id" text PRIMARY KEY NOT NULL,
	"tenant_id" text NOT NULL,
	"device_id" text NOT NULL,
	"message_id" text NOT NULL,
	"direction" text NOT NULL,
	"channel" text NOT NULL,
	"from" text NOT NULL,
	"to" text NOT NULL,
	"body" text,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "daily_usage" ADD CONSTRAINT "daily_usage_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "numbers" ADD CONSTRAINT "numbers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_out_settings" ADD CONSTRAINT "opt_out_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opt_outs" ADD CONSTRAINT "opt_outs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_devices" ADD CONSTRAINT "sandbox_devices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_traffic" ADD CONSTRAINT "sandbox_traffic_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_traffic" ADD CONSTRAINT "sandbox_traffic_device_id_sandbox_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."sandbox_devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_tenant_idx" ON "messages" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "messages_tenant_status_idx" ON "messages" USING btree ("tenant_id","status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_provider_message_key" ON "messages" USING btree ("provider","direction","provider_message_id") WHERE provider_message_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "status_receipts_event_key" ON "status_receipts" USING btree ("event_key");--> statement-breakpoint
CREATE INDEX "status_receipts_provider_message_idx" ON "status_receipts" USING btree ("provider","provider_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "numbers_tenant_kind_address_key" ON "numbers" USING btree ("tenant_id","kind","address");--> statement-breakpoint
CREATE UNIQUE INDEX "numbers_routable_address_key" ON "numbers" USING btree ("address") WHERE kind in ('phone_number', 'email_address');--> statement-breakpoint
CREATE INDEX "numbers_tenant_idx" ON "numbers" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "opt_outs_tenant_sender_recipient_key" ON "opt_outs" USING btree ("tenant_id","sender","recipient");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_devices_tenant_kind_address_key" ON "sandbox_devices" USING btree ("tenant_id","kind","address");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_traffic_message_key" ON "sandbox_traffic" USING btree ("message_id","direction");--> statement-breakpoint
CREATE INDEX "sandbox_traffic_device_idx" ON "sandbox_traffic" USING btree ("tenant_id","device_id","id");