<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="fr_FR">
<context>
    <name>ChartHeaderWidget</name>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="49" />
        <source>Sélectionnez un patient puis Entrée pour ouvrir son dossier.</source>
        <translation>Select a patient, then press Enter to open their chart.</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="55" />
        <source>Sexe</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="56" />
        <source>Naissance</source>
        <translation>Born</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="57" />
        <source>INS / NIR</source>
        <translation>INS / NIR</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="58" />
        <source>Type d'identifiant</source>
        <translation>Identifier type</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="59" />
        <source>Téléphone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="60" />
        <source>E-mail</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="71" />
        <source>Non renseigné</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="68" />
        <source>{date} ({age} ans)</source>
        <translation>{date} ({age} years)</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="70" />
        <source>Non renseignée</source>
        <translation>Not recorded</translation>
    </message>
</context>
<context>
    <name>ComingSoonView</name>
    <message>
        <location filename="../../ui/shell/coming_soon_view.py" line="30" />
        <source>{section} — bientôt disponible</source>
        <translation>{section} — coming soon</translation>
    </message>
</context>
<context>
    <name>ConflictDetailWidget</name>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="122" />
        <source>Enregistrement…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="122" />
        <source>Appliquer (Ctrl+Entrée)</source>
        <translation>Apply (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="127" />
        <source>Choisissez la version à garder.</source>
        <translation>Choose the version to keep.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="130" />
        <source>Choisissez une version pour chaque champ (encore {n}).</source>
        <translation>Choose a version for each field ({n} left).</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="134" />
        <source>Le choix sera enregistré sur ce poste puis envoyé aux autres.</source>
        <translation>The choice will be saved on this workstation, then sent to the others.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="146" />
        <source>Conflit {detected}.</source>
        <translation>Conflict {detected}.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="151" />
        <source>Cette fiche a été modifiée ici et sur un autre poste ({who}), aux mêmes endroits. Tout le reste a déjà été fusionné : pour chaque champ ci-dessous, choisissez la version à garder.</source>
        <translation>This record was changed here and on another workstation ({who}) in the same places. Everything else has already been merged: for each field below, choose the version to keep.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="157" />
        <source>Cette fiche a été modifiée ici et sur un autre poste, aux mêmes endroits. Tout le reste a déjà été fusionné : pour chaque champ ci-dessous, choisissez la version à garder.</source>
        <translation>This record was changed here and on another workstation in the same places. Everything else has already been merged: for each field below, choose the version to keep.</translation>
    </message>
</context>
<context>
    <name>ConflictFieldWidget</name>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="97" />
        <source>{label} : {mine} / {theirs}</source>
        <translation>{label}: {mine} / {theirs}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="116" />
        <source>Garder la mienne</source>
        <translation>Keep mine</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="117" />
        <source>Garder l'autre</source>
        <translation>Keep the other</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="120" />
        <source>{value} (vous)</source>
        <translation>{value} (you)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="122" />
        <source>{value} ({who})</source>
        <translation>{value} ({who})</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="125" />
        <source>Avant les deux modifications : {value}</source>
        <translation>Before both changes: {value}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="131" />
        <source>Suppression de la fiche</source>
        <translation>Record deleted</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="135" />
        <source>Vous avez supprimé cette fiche alors qu'elle a été modifiée sur un autre poste ({who}).</source>
        <translation>You deleted this record while it was changed on another workstation ({who}).</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="140" />
        <source>Vous avez supprimé cette fiche alors qu'elle a été modifiée sur un autre poste.</source>
        <translation>You deleted this record while it was changed on another workstation.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="144" />
        <source>Confirmer la suppression</source>
        <translation>Confirm the deletion</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="145" />
        <source>Garder la fiche modifiée</source>
        <translation>Keep the changed record</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="147" />
        <source>La fiche est supprimée, ici et sur les autres postes.</source>
        <translation>The record is deleted, here and on the other workstations.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="150" />
        <source>La fiche est rétablie, avec les modifications faites sur l'autre poste.</source>
        <translation>The record is restored, with the changes made on the other workstation.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="152" />
        <source>Modifications faites sur l'autre poste :</source>
        <translation>Changes made on the other workstation:</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="156" />
        <source>Cette fiche a été supprimée sur un autre poste ({who}) alors que vous l'aviez modifiée.</source>
        <translation>This record was deleted on another workstation ({who}) while you had changed it.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="161" />
        <source>Cette fiche a été supprimée sur un autre poste alors que vous l'aviez modifiée.</source>
        <translation>This record was deleted on another workstation while you had changed it.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="165" />
        <source>Garder ma version</source>
        <translation>Keep my version</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="166" />
        <source>Accepter la suppression</source>
        <translation>Accept the deletion</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="168" />
        <source>La fiche reste, avec vos modifications, ici et sur les autres postes.</source>
        <translation>The record stays, with your changes, here and on the other workstations.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="171" />
        <source>La fiche est supprimée ici aussi ; vos modifications sont perdues.</source>
        <translation>The record is deleted here too; your changes are lost.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="173" />
        <source>Vos modifications :</source>
        <translation>Your changes:</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="194" />
        <source>• {label} : {before} → {after}</source>
        <translation>• {label}: {before} → {after}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="202" />
        <source>• et {n} autre(s)</source>
        <translation>• and {n} more</translation>
    </message>
</context>
<context>
    <name>ConflictInboxView</name>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="209" />
        <source>Conflit résolu : {record}. Voici le suivant.</source>
        <translation>Conflict resolved: {record}. Here is the next one.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="212" />
        <source>Conflit résolu : {record}. Il n'en reste aucun.</source>
        <translation>Conflict resolved: {record}. None left.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="216" />
        <source>Ce conflit a été résolu entre-temps sur un autre poste : vos choix n'ont pas été appliqués.</source>
        <translation>This conflict was resolved on another workstation in the meantime: your choices were not applied.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="220" />
        <source>Ce conflit a changé entre-temps (nouvelle modification reçue, ou résolu sur un autre poste). Il est affiché à jour : vérifiez les choix puis appliquez de nouveau.</source>
        <translation>This conflict changed in the meantime (a newer change arrived, or it was resolved on another workstation). It is now shown up to date: check the choices, then apply again.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="225" />
        <source>Le choix n'a pas pu être enregistré ({kind}). Réessayez ; si cela persiste, redémarrez Cabinet.</source>
        <translation>The choice could not be saved ({kind}). Try again; if it keeps happening, restart Cabinet.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="229" />
        <source>Les conflits n'ont pas pu être lus ({kind}). Réessayez en revenant sur cette section ; si cela persiste, redémarrez Cabinet.</source>
        <translation>The conflicts could not be read ({kind}). Try again by coming back to this section; if it keeps happening, restart Cabinet.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="243" />
        <source>1 conflit à résoudre, le plus ancien en haut.</source>
        <translation>1 conflict to resolve, oldest first.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="245" />
        <source>{n} conflits à résoudre, les plus anciens en haut.</source>
        <translation>{n} conflicts to resolve, oldest first.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="257" />
        <source>Conflits de synchronisation</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="258" />
        <source>Aucun conflit à résoudre</source>
        <translation>No conflicts to resolve</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="261" />
        <source>Les modifications faites sur ce poste et sur les autres ont toutes pu être fusionnées. Si une même information est modifiée de deux façons différentes, elle apparaîtra ici pour que vous choisissiez la bonne version.</source>
        <translation>The changes made on this workstation and on the others could all be merged. If the same information is changed in two different ways, it will appear here so that you can choose the right version.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="266" />
        <source>Conflits à résoudre</source>
        <translation>Conflicts to resolve</translation>
    </message>
</context>
<context>
    <name>ConflictListModel</name>
    <message>
        <location filename="../../ui/conflicts/conflict_list_model.py" line="68" />
        <source>{what} · {detected}</source>
        <translation>{what} · {detected}</translation>
    </message>
</context>
<context>
    <name>ConflictTexts</name>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="19" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="20" />
        <source>Rendez-vous</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="21" />
        <source>Observation</source>
        <translation>Observation</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="22" />
        <source>Praticien</source>
        <translation>Practitioner</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="23" />
        <source>Fonction d'un praticien</source>
        <translation>Practitioner role</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="24" />
        <source>Structure</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="25" />
        <source>Agenda</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="26" />
        <source>Créneau</source>
        <translation>Slot</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="27" />
        <source>Consultation</source>
        <translation>Encounter</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="28" />
        <source>Objectif</source>
        <translation>Goal</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="29" />
        <source>Alerte</source>
        <translation>Alert</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="30" />
        <source>Photo clinique</source>
        <translation>Clinical photo</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="31" />
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="32" />
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="33" />
        <source>Prescription</source>
        <translation>Prescription</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="34" />
        <source>Questionnaire rempli</source>
        <translation>Completed questionnaire</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="48" />
        <source>Patient {name}</source>
        <translation>Patient {name}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="50" />
        <source>sans nom</source>
        <translation>without a name</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="56" />
        <source>Rendez-vous du {date} à {time}</source>
        <translation>Appointment on {date} at {time}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="67" />
        <source>Observation : {what} du {date}</source>
        <translation>Observation: {what} on {date}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="70" />
        <source>Observation : {what}</source>
        <translation>Observation: {what}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="81" />
        <source>autre poste</source>
        <translation>other workstation</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="92" />
        <source>détecté aujourd'hui à {time}</source>
        <translation>found today at {time}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="94" />
        <source>détecté le {date} à {time}</source>
        <translation>found on {date} at {time}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="111" />
        <source>Supprimée ailleurs, modifiée ici</source>
        <translation>Deleted elsewhere, changed here</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="113" />
        <source>Supprimée ici, modifiée ailleurs</source>
        <translation>Deleted here, changed elsewhere</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="117" />
        <source>{first} et {n} autres champs</source>
        <translation>{first} and {n} other fields</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="141" />
        <source>{record} — {patient}</source>
        <translation>{record} — {patient}</translation>
    </message>
</context>
<context>
    <name>ElementLabels</name>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="24" />
        <source>Début du rendez-vous</source>
        <translation>Appointment start</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="25" />
        <source>Fin du rendez-vous</source>
        <translation>Appointment end</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="26" />
        <source>Statut du rendez-vous</source>
        <translation>Appointment status</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="27" />
        <source>Motif</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="28" />
        <source>Motif (codé)</source>
        <translation>Reason (coded)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="29" />
        <location filename="../../ui/conflicts/element_labels.py" line="52" />
        <location filename="../../ui/conflicts/element_labels.py" line="82" />
        <source>Commentaire</source>
        <translation>Comment</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="30" />
        <source>Durée</source>
        <translation>Duration</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="31" />
        <source>Type de rendez-vous</source>
        <translation>Appointment type</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="32" />
        <source>Type de consultation</source>
        <translation>Consultation type</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="33" />
        <source>Spécialité</source>
        <translation>Speciality</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="34" />
        <source>Motif d'annulation</source>
        <translation>Cancellation reason</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="35" />
        <source>Consignes au patient</source>
        <translation>Instructions to the patient</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="38" />
        <source>Priorité</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="39" />
        <source>Créneau</source>
        <translation>Slot</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="40" />
        <source>Date de prise du rendez-vous</source>
        <translation>Date booked</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="41" />
        <source>Statut de la mesure</source>
        <translation>Measurement status</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="42" />
        <source>Type de mesure</source>
        <translation>Measurement</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="43" />
        <source>Date de la mesure</source>
        <translation>Date measured</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="44" />
        <source>Période de la mesure</source>
        <translation>Measurement period</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="45" />
        <source>Date de validation</source>
        <translation>Date issued</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="46" />
        <source>Interprétation</source>
        <translation>Interpretation</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="47" />
        <source>Valeurs de référence</source>
        <translation>Reference range</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="48" />
        <source>Valeurs détaillées</source>
        <translation>Components</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="49" />
        <source>Site anatomique</source>
        <translation>Body site</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="50" />
        <source>Méthode</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="51" />
        <source>Réalisée par</source>
        <translation>Performed by</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="53" />
        <source>Raison de l'absence de valeur</source>
        <translation>Reason for no value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="56" />
        <source>Fiche active</source>
        <translation>Record active</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="59" />
        <source>Date de naissance</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="60" />
        <source>Sexe</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="61" />
        <source>Décès</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="62" />
        <source>Date de décès</source>
        <translation>Date of death</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="63" />
        <source>Situation familiale</source>
        <translation>Marital status</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="64" />
        <source>Naissance multiple</source>
        <translation>Multiple birth</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="65" />
        <source>Rang de naissance</source>
        <translation>Birth order</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="66" />
        <source>Médecin traitant</source>
        <translation>Regular doctor</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="67" />
        <source>Structure de rattachement</source>
        <translation>Managing organisation</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="68" />
        <source>Langue parlée</source>
        <translation>Language spoken</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="69" />
        <source>Personne à prévenir</source>
        <translation>Emergency contact</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="70" />
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="71" />
        <location filename="../../ui/conflicts/element_labels.py" line="234" />
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="72" />
        <source>Coordonnées</source>
        <translation>Contact details</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="73" />
        <location filename="../../ui/conflicts/element_labels.py" line="144" />
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="74" />
        <source>Identifiant</source>
        <translation>Identifier</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="75" />
        <source>Participants</source>
        <translation>Participants</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="76" />
        <location filename="../../ui/conflicts/element_labels.py" line="151" />
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="77" />
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="78" />
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="79" />
        <source>Période</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="80" />
        <source>Catégorie</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="81" />
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="83" />
        <source>Début</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="84" />
        <source>Fin</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="101" />
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="102" />
        <source>système de codage</source>
        <translation>coding system</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="103" />
        <source>unité</source>
        <translation>unit</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="104" />
        <source>usage</source>
        <translation>use</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="105" />
        <source>ordre de préférence</source>
        <translation>order of preference</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="106" />
        <source>type</source>
        <translation>type</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="107" />
        <source>début</source>
        <translation>start</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="108" />
        <source>fin</source>
        <translation>end</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="109" />
        <source>période</source>
        <translation>period</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="110" />
        <source>rue</source>
        <translation>street</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="111" />
        <source>code postal</source>
        <translation>postcode</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="112" />
        <source>ville</source>
        <translation>town</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="113" />
        <source>département</source>
        <translation>district</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="114" />
        <source>région ou canton</source>
        <translation>region or canton</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="115" />
        <source>pays</source>
        <translation>country</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="116" />
        <source>référence</source>
        <translation>reference</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="117" />
        <source>réponse</source>
        <translation>response</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="118" />
        <source>présence requise</source>
        <translation>attendance required</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="119" />
        <source>lien</source>
        <translation>relationship</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="120" />
        <source>nom</source>
        <translation>surname</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="121" />
        <source>prénom(s)</source>
        <translation>first name(s)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="122" />
        <source>minimum</source>
        <translation>minimum</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="123" />
        <source>maximum</source>
        <translation>maximum</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="124" />
        <source>langue</source>
        <translation>language</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="125" />
        <source>préférée</source>
        <translation>preferred</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="128" />
        <source>Téléphone mobile</source>
        <translation>Mobile phone</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="129" />
        <source>Téléphone fixe</source>
        <translation>Home phone</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="130" />
        <source>Téléphone professionnel</source>
        <translation>Work phone</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="131" />
        <source>Téléphone temporaire</source>
        <translation>Temporary phone</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="132" />
        <source>Ancien téléphone</source>
        <translation>Former phone</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="135" />
        <source>Téléphone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="136" />
        <source>Courriel</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="137" />
        <source>Fax</source>
        <translation>Fax</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="138" />
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="139" />
        <source>Bip</source>
        <translation>Pager</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="140" />
        <source>Site web</source>
        <translation>Website</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="141" />
        <source>Autre contact</source>
        <translation>Other contact</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="145" />
        <source>Adresse professionnelle</source>
        <translation>Work address</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="146" />
        <source>Adresse temporaire</source>
        <translation>Temporary address</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="147" />
        <source>Ancienne adresse</source>
        <translation>Former address</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="148" />
        <source>Adresse de facturation</source>
        <translation>Billing address</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="152" />
        <location filename="../../ui/conflicts/element_labels.py" line="153" />
        <source>Praticien</source>
        <translation>Practitioner</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="154" />
        <source>Accompagnant</source>
        <translation>Companion</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="155" />
        <source>Lieu</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="156" />
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="157" />
        <source>Équipement</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="169" />
        <source>Fiche entière</source>
        <translation>Whole record</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="189" />
        <source>Unité de la valeur</source>
        <translation>Unit of the value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="190" />
        <source>Valeur</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="221" />
        <source>{element} — {part}</source>
        <translation>{element} — {part}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="231" />
        <source>Nom de naissance</source>
        <translation>Birth name</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="233" />
        <source>Nom d'usage</source>
        <translation>Used name</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="237" />
        <source>Prénom utilisé</source>
        <translation>Used first name</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="238" />
        <source>Prénom(s)</source>
        <translation>First name(s)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="240" />
        <source>Civilité</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="242" />
        <source>Titre</source>
        <translation>Suffix</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="244" />
        <source>Nom complet</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="254" />
        <source>Courriel professionnel</source>
        <translation>Work email</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="272" />
        <source>RPPS</source>
        <translation>RPPS</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="274" />
        <source>Identifiant national (idNatPs)</source>
        <translation>National identifier (idNatPs)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="282" />
        <source>Lieu de naissance</source>
        <translation>Place of birth</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="284" />
        <source>Nationalité</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="286" />
        <source>Information complémentaire ({name})</source>
        <translation>Additional information ({name})</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="295" />
        <source>Participant</source>
        <translation>Participant</translation>
    </message>
</context>
<context>
    <name>ElementValueText</name>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="26" />
        <source>Proposé</source>
        <translation>Proposed</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="27" />
        <source>En attente de confirmation</source>
        <translation>Awaiting confirmation</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="28" />
        <source>Confirmé</source>
        <translation>Booked</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="29" />
        <source>Patient arrivé</source>
        <translation>Patient arrived</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="30" />
        <source>Patient enregistré</source>
        <translation>Patient checked in</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="31" />
        <source>Honoré</source>
        <translation>Attended</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="32" />
        <source>Annulé</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="33" />
        <source>Patient absent</source>
        <translation>Did not attend</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="34" />
        <source>Saisi par erreur</source>
        <translation>Entered in error</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="35" />
        <source>Liste d'attente</source>
        <translation>Waiting list</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="38" />
        <source>Enregistrée</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="39" />
        <source>Préliminaire</source>
        <translation>Preliminary</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="40" />
        <source>Validée</source>
        <translation>Final</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="41" />
        <location filename="../../ui/conflicts/element_value_text.py" line="42" />
        <source>Corrigée</source>
        <translation>Amended</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="43" />
        <source>Annulée</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="44" />
        <source>Saisie par erreur</source>
        <translation>Entered in error</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="45" />
        <source>Inconnu</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="49" />
        <source>Accepté</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="50" />
        <source>Refusé</source>
        <translation>Declined</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="51" />
        <source>Provisoire</source>
        <translation>Tentative</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="52" />
        <source>À confirmer</source>
        <translation>To be confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="93" />
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="108" />
        <source>Oui</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="110" />
        <source>Non</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="167" />
        <source>du {start} au {end}</source>
        <translation>from {start} to {end}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="204" />
        <source>(vide)</source>
        <translation>(empty)</translation>
    </message>
</context>
<context>
    <name>FieldGroup</name>
    <message>
        <location filename="../../ui/conflicts/field_group.py" line="56" />
        <source>Horaire du rendez-vous</source>
        <translation>Appointment time</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/field_group.py" line="57" />
        <source>Horaire</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/field_group.py" line="59" />
        <source>Valeur</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/field_group.py" line="104" />
        <source>{date} de {start} à {end}</source>
        <translation>{date} from {start} to {end}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/field_group.py" line="107" />
        <source>du {start} au {end}</source>
        <translation>from {start} to {end}</translation>
    </message>
</context>
<context>
    <name>FieldMessages</name>
    <message>
        <location filename="../../ui/field_messages.py" line="14" />
        <source>Ce champ est obligatoire.</source>
        <translation>This field is required.</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="17" />
        <source>Date attendue au format jj/mm/aaaa, par ex. 07/03/1962.</source>
        <translation>Expected date format dd/mm/yyyy, e.g. 07/03/1962.</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="20" />
        <source>La date de naissance est dans le futur.</source>
        <translation>The date of birth is in the future.</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="23" />
        <source>Le NIR compte 15 caractères (13 chiffres et la clé de 2 chiffres).</source>
        <translation>A NIR has 15 characters (13 digits and a 2-digit key).</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="27" />
        <source>Le NIR ne contient que des chiffres (2A ou 2B pour une naissance en Corse).</source>
        <translation>A NIR holds digits only (2A or 2B for a birth in Corsica).</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="31" />
        <source>La clé du NIR (2 derniers chiffres) ne correspond pas : vérifiez la saisie sur la carte Vitale ou l'attestation de droits.</source>
        <translation>The NIR key (last 2 digits) does not match: check it against the Carte Vitale or the certificate of entitlement.</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="36" />
        <source>Le NIR ne correspond pas à l'année ou au mois de naissance saisis.</source>
        <translation>The NIR does not match the year or month of birth entered.</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="40" />
        <source>Le premier chiffre du NIR (1 homme, 2 femme) ne correspond pas au sexe saisi.</source>
        <translation>The first digit of the NIR (1 male, 2 female) does not match the sex entered.</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="44" />
        <source>Adresse e-mail invalide, par ex. nom@exemple.fr.</source>
        <translation>Invalid email address, e.g. name@example.org.</translation>
    </message>
</context>
<context>
    <name>IdentityLabels</name>
    <message>
        <location filename="../../ui/identity_labels.py" line="23" />
        <source>Femme</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="24" />
        <source>Homme</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="25" />
        <source>Autre</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="27" />
        <source>Non renseigné</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="32" />
        <source>INS (NIR)</source>
        <translation>INS (NIR)</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="33" />
        <source>INS provisoire (NIA)</source>
        <translation>Temporary INS (NIA)</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="36" />
        <source>INS de test</source>
        <translation>Test INS</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="39" />
        <source>INS de démonstration (fictif)</source>
        <translation>Demo INS (fictitious)</translation>
    </message>
</context>
<context>
    <name>LockMessages</name>
    <message>
        <location filename="../../ui/lock_messages.py" line="14" />
        <source>Trousseau de clés du système inaccessible</source>
        <translation>The system keyring can't be reached</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="17" />
        <source>Clé de chiffrement introuvable</source>
        <translation>Encryption key not found</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="20" />
        <source>Clé de chiffrement incorrecte</source>
        <translation>Wrong encryption key</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="23" />
        <source>Base de données endommagée ou modifiée</source>
        <translation>Database damaged or altered</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="26" />
        <source>Cette version de Cabinet est trop ancienne</source>
        <translation>This version of Cabinet is too old</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="29" />
        <source>Base de données illisible</source>
        <translation>Unreadable database</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="38" />
        <source>Cabinet chiffre vos données avec une clé rangée dans le trousseau sécurisé de votre session (Trousseau GNOME, KWallet, Trousseau macOS ou Gestionnaire d'identification Windows). Ce trousseau ne répond pas. Ouvrez votre session normalement ou déverrouillez le trousseau, puis relancez Cabinet.</source>
        <translation>Cabinet encrypts your data with a key kept in the secure keyring of your session (GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager). The keyring does not answer. Log in to your session normally or unlock the keyring, then start Cabinet again.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="45" />
        <source>Les données de ce profil existent, mais leur clé n'est pas dans le trousseau de cette session : vous êtes peut-être connecté avec un autre compte, ou le trousseau a été réinitialisé. Cabinet ne crée jamais une nouvelle base à la place de l'ancienne. Reconnectez-vous avec le bon compte ou contactez votre support informatique.</source>
        <translation>This profile's data exists, but its key is not in this session's keyring: you may be logged in with another account, or the keyring was reset. Cabinet never creates a new database in place of the old one. Log in with the right account or contact your IT support.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="53" />
        <source>La clé trouvée dans le trousseau n'ouvre pas les données de ce profil. Vérifiez que vous êtes connecté avec le bon compte, ou contactez votre support informatique.</source>
        <translation>The key found in the keyring does not open this profile's data. Check that you are logged in with the right account, or contact your IT support.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="59" />
        <source>Le contrôle d'intégrité a échoué : le fichier a été endommagé ou modifié en dehors de Cabinet. Par sécurité, Cabinet ne l'ouvre pas et ne tente aucune réparation. Restaurez la dernière sauvegarde ou contactez votre support informatique.</source>
        <translation>The integrity check failed: the file was damaged or altered outside Cabinet. For safety, Cabinet does not open it and attempts no repair. Restore the latest backup or contact your IT support.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="66" />
        <source>Ces données ont été enregistrées par une version plus récente de Cabinet. Installez la dernière version de Cabinet sur ce poste.</source>
        <translation>This data was written by a newer version of Cabinet. Install the latest version of Cabinet on this workstation.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="71" />
        <source>La clé du trousseau n'ouvre pas ce fichier, ou le fichier est endommagé. Contactez votre support informatique.</source>
        <translation>The keyring key does not open this file, or the file is damaged. Contact your IT support.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="80" />
        <source>Vos données n'ont pas été modifiées.</source>
        <translation>Your data has not been changed.</translation>
    </message>
</context>
<context>
    <name>LockedView</name>
    <message>
        <location filename="../../ui/shell/locked_view.py" line="39" />
        <source>Fichier concerné : {path}</source>
        <translation>File: {path}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/shell/main_window.py" line="200" />
        <source>Synchronisation demandée…</source>
        <translation>Sync requested…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="242" />
        <source>{title} ({n})</source>
        <translation>{title} ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="247" />
        <source>{title} (Ctrl+6) : {n} à résoudre</source>
        <translation>{title} (Ctrl+6): {n} to resolve</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="298" />
        <source>Agenda</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="299" />
        <source>Patients</source>
        <translation>Patients</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="300" />
        <source>Téléconsultation</source>
        <translation>Teleconsultation</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="301" />
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="302" />
        <source>Constantes</source>
        <translation>Vital signs</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="303" />
        <source>Conflits</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="309" />
        <source>Agenda du jour et de la semaine, plusieurs praticiens, salle d'attente et créneaux de téléconsultation arrivent dans une prochaine version.</source>
        <translation>Day and week schedules, several practitioners, the waiting room and teleconsultation slots arrive in a coming version.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="312" />
        <source>Ouverture des données chiffrées…</source>
        <translation>Opening the encrypted data…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="314" />
        <source>La téléconsultation vidéo, avec réglage automatique de la caméra et du micro, arrive dans une prochaine version.</source>
        <translation>Video teleconsultation, with automatic camera and microphone set-up, arrives in a coming version.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="318" />
        <source>L'annotation des photos cliniques, avec mesures calibrées, arrive dans une prochaine version. Les photos déjà enregistrées sont conservées.</source>
        <translation>Clinical photo annotation, with calibrated measurements, arrives in a coming version. Photos already recorded are kept.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="322" />
        <source>Les courbes de constantes (tension, fréquence cardiaque, SpO2, poids, glycémie) et leurs seuils d'alerte arrivent dans une prochaine version. Les mesures déjà enregistrées sont conservées.</source>
        <translation>Vital-sign graphs (blood pressure, heart rate, SpO2, weight, glucose) and their alert thresholds arrive in a coming version. Measurements already recorded are kept.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="327" />
        <source>Les fiches modifiées ici et sur un autre poste aux mêmes endroits apparaîtront ici dès que la synchronisation sera en marche.</source>
        <translation>Records changed here and on another workstation in the same places will appear here as soon as sync is running.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="334" />
        <source>Cabinet — profil de démonstration</source>
        <translation>Cabinet — demo profile</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="334" />
        <source>Cabinet</source>
        <translation>Cabinet</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="338" />
        <source>Profil de démonstration : patients fictifs, données générées. La clé de cette base est stockée dans un fichier, ce qui n'est permis que pour la démonstration.</source>
        <translation>Demo profile: fictitious patients, generated data. The key of this database is stored in a file, which only the demo is allowed to do.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="349" />
        <source>Conflits de synchronisation</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="350" />
        <source>Synchroniser maintenant</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="354" />
        <source>&amp;Fichier</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="355" />
        <source>&amp;Quitter</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="356" />
        <source>&amp;Affichage</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="357" />
        <source>Fermer le dossier patient</source>
        <translation>Close the patient's chart</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="358" />
        <source>&amp;Langue</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="366" />
        <source>Création des patients de démonstration…</source>
        <translation>Creating the demo patients…</translation>
    </message>
</context>
<context>
    <name>PatientContextWidget</name>
    <message>
        <location filename="../../ui/shell/patient_context_widget.py" line="49" />
        <source>Fermer le dossier (Ctrl+W)</source>
        <translation>Close the chart (Ctrl+W)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/patient_context_widget.py" line="50" />
        <source>Aucun patient sélectionné</source>
        <translation>No patient selected</translation>
    </message>
    <message>
        <location filename="../../ui/shell/patient_context_widget.py" line="66" />
        <source>né(e) le {date} ({age} ans)</source>
        <translation>born {date} ({age} years)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/patient_context_widget.py" line="68" />
        <source>INS</source>
        <translation>INS</translation>
    </message>
    <message>
        <location filename="../../ui/shell/patient_context_widget.py" line="70" />
        <source>INS (fictif)</source>
        <translation>INS (fictitious)</translation>
    </message>
</context>
<context>
    <name>PatientEditDialog</name>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="168" />
        <source>L'enregistrement a échoué ({kind}). Vos saisies sont conservées : réessayez, ou contactez votre support si cela persiste.</source>
        <translation>Saving failed ({kind}). What you typed is kept: try again, or contact your support if it persists.</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="188" />
        <source>Clé du NIR valide</source>
        <translation>NIR key is valid</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="195" />
        <source>Nouveau patient</source>
        <translation>New patient</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="195" />
        <source>Modifier le patient</source>
        <translation>Edit patient</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="198" />
        <source>&amp;Nom de naissance</source>
        <translation>&amp;Birth surname</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="199" />
        <source>&amp;Prénom(s)</source>
        <translation>&amp;First name(s)</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="200" />
        <source>&amp;Date de naissance</source>
        <translation>&amp;Date of birth</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="201" />
        <source>&amp;Sexe</source>
        <translation>&amp;Sex</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="202" />
        <source>N&amp;IR / matricule INS</source>
        <translation>N&amp;IR / INS number</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="203" />
        <source>&amp;Type d'identifiant</source>
        <translation>&amp;Identifier type</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="204" />
        <source>&amp;Téléphone</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="205" />
        <source>&amp;E-mail</source>
        <translation>&amp;Email</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="211" />
        <source>jj/mm/aaaa</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="212" />
        <source>15 caractères, clé comprise</source>
        <translation>15 characters, key included</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="213" />
        <source>06 12 34 56 78</source>
        <translation>06 12 34 56 78</translation>
    </message>
</context>
<context>
    <name>PatientListModel</name>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="55" />
        <source>Nom</source>
        <translation>Surname</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="56" />
        <source>Prénom(s)</source>
        <translation>First name(s)</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="57" />
        <source>Naissance</source>
        <translation>Born</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="58" />
        <source>Âge</source>
        <translation>Age</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="59" />
        <source>Sexe</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="60" />
        <source>INS</source>
        <translation>INS</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="90" />
        <source>{n} ans</source>
        <translation>{n} y</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="94" />
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="95" />
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="96" />
        <source>Autre</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>PatientsView</name>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="165" />
        <source>Les {n} premiers patients par ordre alphabétique</source>
        <translation>The first {n} patients in alphabetical order</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="167" />
        <source>{n} patient(s)</source>
        <translation>{n} patient(s)</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="170" />
        <source>Aucun patient ne correspond. Ctrl+N pour en créer un.</source>
        <translation>No matching patient. Ctrl+N to create one.</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="172" />
        <source>Plus de {n} patients : précisez la recherche.</source>
        <translation>More than {n} patients: refine the search.</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="174" />
        <source>{n} patient(s) trouvé(s)</source>
        <translation>{n} patient(s) found</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="239" />
        <source>Les données n'ont pas pu être lues ({kind}). Réessayez ; si cela persiste, redémarrez Cabinet.</source>
        <translation>The data could not be read ({kind}). Try again; if it persists, restart Cabinet.</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="246" />
        <source>Patients</source>
        <translation>Patients</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="248" />
        <source>Rechercher : nom, date de naissance (jj/mm/aaaa) ou INS — Ctrl+F</source>
        <translation>Search: name, date of birth (dd/mm/yyyy) or INS — Ctrl+F</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="250" />
        <source>Nouveau patient (Ctrl+N)</source>
        <translation>New patient (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="251" />
        <source>Modifier l'identité (Ctrl+E)</source>
        <translation>Edit identity (Ctrl+E)</translation>
    </message>
</context>
<context>
    <name>StatusBarWidget</name>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="116" />
        <source>Synchronisation : ouverture des données…</source>
        <translation>Sync: opening the data…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="118" />
        <source>Synchronisation : données verrouillées</source>
        <translation>Sync: data locked</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="96" />
        <source>Le serveur intégré s'est arrêté de façon inattendue ; il redémarre. Vos données sont conservées sur ce poste.</source>
        <translation>The built-in server stopped unexpectedly; it is restarting. Your data is kept on this workstation.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="124" />
        <source>Synchronisation : pas encore démarrée — {n} modification(s) en attente</source>
        <translation>Sync: not started yet — {n} change(s) pending</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="135" />
        <source>Synchroniser</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="136" />
        <source>Synchroniser maintenant (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="140" />
        <source>1 conflit à résoudre</source>
        <translation>1 conflict to resolve</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="142" />
        <source>{n} conflits à résoudre</source>
        <translation>{n} conflicts to resolve</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="146" />
        <source>Des fiches ont été modifiées ici et sur un autre poste aux mêmes endroits. Cliquez, ou Ctrl+6, pour choisir les versions à garder.</source>
        <translation>Some records were changed here and on another workstation in the same places. Click, or press Ctrl+6, to choose the versions to keep.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="152" />
        <source>Non connecté</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="154" />
        <source>{name} — connexion de démonstration</source>
        <translation>{name} — demo login</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="156" />
        <source>{name} — carte CPS : non lue</source>
        <translation>{name} — CPS card: not read</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="160" />
        <source>Réseau : connecté</source>
        <translation>Network: connected</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="161" />
        <source>Réseau : local seulement</source>
        <translation>Network: local only</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="162" />
        <source>Réseau : hors ligne</source>
        <translation>Network: offline</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="163" />
        <source>Réseau : inconnu</source>
        <translation>Network: unknown</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="176" />
        <source>Synchronisation : démarrage…</source>
        <translation>Sync: starting…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="180" />
        <source>Les fiches du cabinet sont copiées sur ce poste. Vous pouvez travailler pendant ce temps.</source>
        <translation>The practice's records are being copied to this workstation. You can keep working meanwhile.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="184" />
        <source>Première synchronisation : {done} fiches reçues</source>
        <translation>First sync: {done} records received</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="187" />
        <source>Première synchronisation : {done} / {total}</source>
        <translation>First sync: {done} / {total}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="191" />
        <source>Synchronisation…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="191" />
        <source>Échange en cours avec le serveur.</source>
        <translation>Exchanging with the server.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="194" />
        <source>Le serveur ne répond pas. Vous pouvez continuer à travailler : les modifications sont enregistrées sur ce poste et seront envoyées dès que le serveur répondra.</source>
        <translation>The server does not answer. You can keep working: changes are saved on this workstation and will be sent as soon as the server answers.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="199" />
        <source>Dernière synchronisation : {when}.</source>
        <translation>Last sync: {when}.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="200" />
        <source>Hors ligne — {pending}</source>
        <translation>Offline — {pending}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="202" />
        <source>Le serveur refuse la connexion</source>
        <translation>The server refuses the connection</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="203" />
        <source>Le serveur répond mais refuse ce poste (autorisation expirée ou retirée). Vos modifications restent enregistrées sur ce poste. Prévenez la personne qui administre le serveur du cabinet.</source>
        <translation>The server answers but refuses this workstation (authorisation expired or withdrawn). Your changes stay saved on this workstation. Tell whoever runs the practice's server.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="207" />
        <source>Ce poste est à jour avec le serveur. F5 pour synchroniser maintenant.</source>
        <translation>This workstation is up to date with the server. Press F5 to sync now.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="209" />
        <source>Pas encore synchronisé</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="210" />
        <source>Synchronisé {when}</source>
        <translation>Synced {when}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="212" />
        <source>{synced} — {pending}</source>
        <translation>{synced} — {pending}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="219" />
        <source>rien en attente</source>
        <translation>nothing pending</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="221" />
        <source>1 modification en attente</source>
        <translation>1 change pending</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="222" />
        <source>{n} modifications en attente</source>
        <translation>{n} changes pending</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="230" />
        <source>à {time}</source>
        <translation>at {time}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="231" />
        <source>le {date} à {time}</source>
        <translation>on {date} at {time}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="240" />
        <source>Serveur : {address}</source>
        <translation>Server: {address}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="242" />
        <source>Serveur intégré : en attente</source>
        <translation>Built-in server: waiting</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="245" />
        <source>Serveur intégré : en marche (redémarré {n} fois)</source>
        <translation>Built-in server: running (restarted {n} times)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="247" />
        <source>Serveur intégré : démarrage…</source>
        <translation>Built-in server: starting…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="248" />
        <source>Serveur intégré : en marche</source>
        <translation>Built-in server: running</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="249" />
        <source>Serveur intégré : redémarrage après un arrêt…</source>
        <translation>Built-in server: restarting after a stop…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="251" />
        <source>Serveur intégré : ne démarre pas — vos données restent sur ce poste</source>
        <translation>Built-in server: does not start — your data stays on this workstation</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="253" />
        <source>Serveur intégré : arrêté</source>
        <translation>Built-in server: stopped</translation>
    </message>
</context>
</TS>