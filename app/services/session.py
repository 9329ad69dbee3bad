"""Who is working at this workstation, and how their actions are audited."""

from dataclasses import dataclass

from app.audit.audit_entry import AuditAction, AuditRecord


@dataclass(frozen=True, slots=True)
class Session:
    """The practitioner (or staff member) behind every audited action."""

    practitioner_ref: str
    display_name: str
    workstation: str

    def record(self, action: AuditAction, entity: str) -> AuditRecord:
        return AuditRecord(
            who=self.practitioner_ref, action=action, entity=entity, workstation=self.workstation
        )

    def record_create(self, entity: str) -> AuditRecord:
        return self.record(AuditAction.CREATE, entity)
