from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from django.db.models.signals import pre_save
        from simple_history.signals import pre_create_historical_record

        from audit.signals import skip_history_of_raw_saves, stamp_branch

        pre_create_historical_record.connect(
            stamp_branch, dispatch_uid="audit_stamp_branch"
        )
        pre_save.connect(skip_history_of_raw_saves, dispatch_uid="audit_skip_raw")
