from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from audit.signals import stamp_branch

        pre_create_historical_record.connect(
            stamp_branch, dispatch_uid="audit_stamp_branch"
        )
