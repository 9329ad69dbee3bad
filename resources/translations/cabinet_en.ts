<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="fr_FR">
<context>
    <name>AgendaGridWidget</name>
    <message>
        <location filename="../../ui/agenda/agenda_grid_widget.py" line="1357"/>
        <source>Motif : {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_grid_widget.py" line="1371"/>
        <source>Note : {note}</source>
        <translation>Note: {note}</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_grid_widget.py" line="1379"/>
        <source>Motif d&apos;annulation : {reason}</source>
        <translation>Cancellation reason: {reason}</translation>
    </message>
</context>
<context>
    <name>AgendaView</name>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="384"/>
        <source>Annuler le rendez-vous</source>
        <translation>Cancel the appointment</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="809"/>
        <source>Motif de l&apos;annulation (il reste dans le dossier) :</source>
        <translation>Reason for cancelling (kept in the record):</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="472"/>
        <location filename="../../ui/agenda/agenda_view.py" line="921"/>
        <source>Tous les praticiens</source>
        <translation>All practitioners</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="408"/>
        <source>Modifier</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="543"/>
        <source>Déplacer</source>
        <translation>Move</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="625"/>
        <source>Annuler la série à partir de celui-ci…</source>
        <translation>Cancel the series from this one on…</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="629"/>
        <location filename="../../ui/agenda/agenda_view.py" line="917"/>
        <source>Modifier…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="631"/>
        <source>Ouvrir le dossier du patient</source>
        <translation>Open the patient&apos;s record</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="642"/>
        <source>Annuler la série</source>
        <translation>Cancel the series</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="690"/>
        <source>Salle d&apos;attente virtuelle : indisponible hors connexion au serveur.</source>
        <translation>Virtual waiting room: unavailable without the server.</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="692"/>
        <source>Salle d&apos;attente virtuelle : état inconnu (serveur injoignable).</source>
        <translation>Virtual waiting room: unknown (server unreachable).</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="694"/>
        <source>Le patient est en consultation vidéo.</source>
        <translation>The patient is in the video consultation.</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="697"/>
        <source>Le patient attend dans la salle d&apos;attente virtuelle.</source>
        <translation>The patient is waiting in the virtual waiting room.</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="700"/>
        <source>Le patient attend dans la salle d&apos;attente virtuelle depuis {n} min.</source>
        <translation>The patient has been waiting in the virtual waiting room for {n} min.</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="702"/>
        <source>Le patient n&apos;est pas encore connecté.</source>
        <translation>The patient has not joined yet.</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="716"/>
        <source>Salle d&apos;attente virtuelle : vérification…</source>
        <translation>Virtual waiting room: checking…</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="727"/>
        <source>Choisissez un rendez-vous dans l&apos;agenda, ou faites glisser la souris sur un créneau libre pour en créer un.</source>
        <translation>Choose an appointment in the schedule, or drag the mouse over free time to create one.</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="733"/>
        <source>Sans patient</source>
        <translation>No patient</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="734"/>
        <source>{day}, {start}–{end} ({minutes} min)</source>
        <translation>{day}, {start}–{end} ({minutes} min)</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="746"/>
        <source>Motif : {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="748"/>
        <source>Note : {note}</source>
        <translation>Note: {note}</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="750"/>
        <source>Annulé : {reason}</source>
        <translation>Cancelled: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="752"/>
        <location filename="../../ui/agenda/agenda_view.py" line="834"/>
        <source>Rendez-vous récurrent</source>
        <translation>Recurring appointment</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="769"/>
        <source>Ce changement n&apos;est pas possible pour ce rendez-vous.</source>
        <translation>This change is not possible for this appointment.</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="818"/>
        <source>Chevauchement</source>
        <translation>Overlap</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="820"/>
        <source>Ce créneau chevauche le rendez-vous de {time} ({patient}). Déplacer quand même ?</source>
        <translation>This time overlaps the {time} appointment ({patient}). Move anyway?</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="835"/>
        <source>Ce rendez-vous fait partie d&apos;une série. {verb} :</source>
        <translation>This appointment is part of a series. {verb}:</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="837"/>
        <source>Ce rendez-vous</source>
        <translation>This appointment</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="840"/>
        <source>Celui-ci et les suivants</source>
        <translation>This and the following ones</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="843"/>
        <source>Toute la série</source>
        <translation>The whole series</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="857"/>
        <source>L&apos;agenda n&apos;a pas pu être mis à jour : réessayez ; rien n&apos;a été perdu.</source>
        <translation>The schedule could not be updated: try again; nothing was lost.</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="886"/>
        <source>du {first} au {last}</source>
        <translation>from {first} to {last}</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="892"/>
        <source>Arrivé (salle d&apos;attente)</source>
        <translation>Arrived (waiting room)</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="893"/>
        <source>En consultation</source>
        <translation>In consultation</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="894"/>
        <source>Terminé</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="895"/>
        <source>Absent</source>
        <translation>Did not attend</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="896"/>
        <source>Remettre à « Prévu »</source>
        <translation>Set back to “Booked”</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="897"/>
        <source>Annuler le rendez-vous…</source>
        <translation>Cancel the appointment…</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="901"/>
        <source>Agenda</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="902"/>
        <source>Aujourd&apos;hui</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="903"/>
        <source>Aller à aujourd&apos;hui (T)</source>
        <translation>Go to today (T)</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="904"/>
        <source>Période précédente (Page préc.)</source>
        <translation>Previous period (Page Up)</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="905"/>
        <source>Période suivante (Page suiv.)</source>
        <translation>Next period (Page Down)</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="906"/>
        <source>Jour</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="907"/>
        <source>Semaine de travail</source>
        <translation>Work week</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="908"/>
        <source>Semaine</source>
        <translation>Week</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="909"/>
        <source>Annuler la modification</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="910"/>
        <source>Annuler le dernier changement (Ctrl+Z)</source>
        <translation>Undo the last change (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="911"/>
        <source>Salle d&apos;attente</source>
        <translation>Waiting room</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="912"/>
        <source>Personne n&apos;attend.</source>
        <translation>Nobody is waiting.</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="913"/>
        <source>Rendez-vous</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="916"/>
        <source>Démarrer la téléconsultation</source>
        <translation>Start the teleconsultation</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="918"/>
        <source>Motif, durée, type, note (Ctrl+E)</source>
        <translation>Reason, duration, type, note (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/agenda_view.py" line="919"/>
        <source>Ouvrir le dossier</source>
        <translation>Open the record</translation>
    </message>
</context>
<context>
    <name>AppointmentEditDialog</name>
    <message>
        <location filename="../../ui/agenda/appointment_edit_dialog.py" line="35"/>
        <source>Modifier le rendez-vous</source>
        <translation>Edit the appointment</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_edit_dialog.py" line="43"/>
        <source>{patient} — {day} à {time} — {practitioner}</source>
        <translation>{patient} — {day} at {time} — {practitioner}</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_edit_dialog.py" line="44"/>
        <location filename="../../ui/agenda/appointment_edit_dialog.py" line="95"/>
        <source>sans patient</source>
        <translation>no patient</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_edit_dialog.py" line="57"/>
        <source>Enregistrer</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_edit_dialog.py" line="58"/>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_edit_dialog.py" line="91"/>
        <source>Ce créneau chevauche le rendez-vous de {time} ({patient}). Cliquez à nouveau sur « Enregistrer » pour le garder quand même.</source>
        <translation>This time overlaps the {time} appointment ({patient}). Click “Save” again to keep it anyway.</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_edit_dialog.py" line="111"/>
        <source>Le rendez-vous n&apos;a pas pu être vérifié : réessayez dans un instant.</source>
        <translation>The appointment could not be checked: try again in a moment.</translation>
    </message>
</context>
<context>
    <name>AppointmentFields</name>
    <message>
        <location filename="../../ui/agenda/appointment_fields.py" line="28"/>
        <source>Motif de consultation</source>
        <translation>Reason for the visit</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_fields.py" line="32"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_fields.py" line="34"/>
        <source>Au cabinet</source>
        <translation>At the practice</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_fields.py" line="35"/>
        <source>Téléconsultation</source>
        <translation>Teleconsultation</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_fields.py" line="41"/>
        <source>Note pour le cabinet (facultatif)</source>
        <translation>Note for the practice (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_fields.py" line="49"/>
        <source>Motif</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_fields.py" line="50"/>
        <source>Durée</source>
        <translation>Duration</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_fields.py" line="51"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_fields.py" line="52"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>AppointmentStyle</name>
    <message>
        <location filename="../../ui/agenda/appointment_style.py" line="52"/>
        <source>Prévu</source>
        <translation>Booked</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_style.py" line="54"/>
        <source>Arrivé (salle d&apos;attente)</source>
        <translation>Arrived (waiting room)</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_style.py" line="56"/>
        <source>En consultation</source>
        <translation>In consultation</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_style.py" line="58"/>
        <source>Terminé</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_style.py" line="60"/>
        <source>Absent</source>
        <translation>Did not attend</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_style.py" line="62"/>
        <source>Annulé</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_style.py" line="66"/>
        <source>Téléconsultation</source>
        <translation>Teleconsultation</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_style.py" line="72"/>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/appointment_style.py" line="74"/>
        <source>Suivi chronique</source>
        <translation>Chronic follow-up</translation>
    </message>
</context>
<context>
    <name>BeneficiaryListModel</name>
    <message>
        <location filename="../../ui/front_desk/beneficiary_list_model.py" line="29"/>
        <source>Rang</source>
        <translation>Rank</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/beneficiary_list_model.py" line="30"/>
        <source>Nom et prénom</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/beneficiary_list_model.py" line="31"/>
        <source>Date de naissance</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/beneficiary_list_model.py" line="32"/>
        <source>NIR</source>
        <translation>NIR</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/beneficiary_list_model.py" line="60"/>
        <source>Clé NIR incorrecte : vérifiez la carte</source>
        <translation>Wrong NIR key: check the card</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/beneficiary_list_model.py" line="67"/>
        <source>L&apos;assuré(e) de la carte</source>
        <translation>The card&apos;s insured person</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/beneficiary_list_model.py" line="68"/>
        <source>Ayant droit de l&apos;assuré(e) (enfant, conjoint…)</source>
        <translation>Dependant of the insured person (child, spouse…)</translation>
    </message>
</context>
<context>
    <name>BeneficiaryText</name>
    <message>
        <location filename="../../ui/front_desk/beneficiary_text.py" line="30"/>
        <source>{date} (date lunaire)</source>
        <translation>{date} (lunar date)</translation>
    </message>
</context>
<context>
    <name>BookingDialog</name>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="76"/>
        <source>Nouveau rendez-vous</source>
        <translation>New appointment</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="95"/>
        <source>{day} à {time} — {practitioner}</source>
        <translation>{day} at {time} — {practitioner}</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="104"/>
        <source>Nom, date de naissance (jj/mm/aaaa) ou INS</source>
        <translation>Name, date of birth (dd/mm/yyyy) or INS</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="109"/>
        <source>Nouveau patient…</source>
        <translation>New patient…</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="110"/>
        <source>Carte Vitale…</source>
        <translation>Carte Vitale…</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="115"/>
        <source>Une seule fois</source>
        <translation>Once</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="116"/>
        <source>Chaque semaine</source>
        <translation>Every week</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="117"/>
        <source>Toutes les 2 semaines</source>
        <translation>Every 2 weeks</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="118"/>
        <source>Toutes les 4 semaines</source>
        <translation>Every 4 weeks</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="122"/>
        <source> fois</source>
        <translation> times</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="132"/>
        <source>Réserver</source>
        <translation>Book</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="134"/>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="146"/>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="150"/>
        <source>Répétition</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="217"/>
        <source>Ce créneau chevauche le rendez-vous de {time} ({patient}). Cliquez à nouveau sur « Réserver » pour le réserver quand même.</source>
        <translation>This time overlaps the {time} appointment ({patient}). Click “Book” again to book it anyway.</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="221"/>
        <source>sans patient</source>
        <translation>no patient</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="289"/>
        <source>Aucun patient choisi</source>
        <translation>No patient chosen</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="293"/>
        <source>Pour : {name}, né(e) le {born}</source>
        <translation>For: {name}, born {born}</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/booking_dialog.py" line="301"/>
        <source>Le rendez-vous n&apos;a pas pu être vérifié : réessayez dans un instant.</source>
        <translation>The appointment could not be checked: try again in a moment.</translation>
    </message>
</context>
<context>
    <name>ChartHeaderWidget</name>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="49"/>
        <source>Sélectionnez un patient puis Entrée pour ouvrir son dossier.</source>
        <translation>Select a patient, then press Enter to open their chart.</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="55"/>
        <source>Sexe</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="56"/>
        <source>Naissance</source>
        <translation>Born</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="57"/>
        <source>INS / NIR</source>
        <translation>INS / NIR</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="58"/>
        <source>Type d&apos;identifiant</source>
        <translation>Identifier type</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="59"/>
        <source>Téléphone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="60"/>
        <source>E-mail</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="71"/>
        <source>Non renseigné</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="68"/>
        <source>{date} ({age} ans)</source>
        <translation>{date} ({age} years)</translation>
    </message>
    <message>
        <location filename="../../ui/patients/chart_header_widget.py" line="70"/>
        <source>Non renseignée</source>
        <translation>Not recorded</translation>
    </message>
</context>
<context>
    <name>ComingSoonView</name>
    <message>
        <location filename="../../ui/shell/coming_soon_view.py" line="30"/>
        <source>{section} — bientôt disponible</source>
        <translation>{section} — coming soon</translation>
    </message>
</context>
<context>
    <name>ConflictDetailWidget</name>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="122"/>
        <source>Enregistrement…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="122"/>
        <source>Appliquer (Ctrl+Entrée)</source>
        <translation>Apply (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="127"/>
        <source>Choisissez la version à garder.</source>
        <translation>Choose the version to keep.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="130"/>
        <source>Choisissez une version pour chaque champ (encore {n}).</source>
        <translation>Choose a version for each field ({n} left).</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="134"/>
        <source>Le choix sera enregistré sur ce poste puis envoyé aux autres.</source>
        <translation>The choice will be saved on this workstation, then sent to the others.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="146"/>
        <source>Conflit {detected}.</source>
        <translation>Conflict {detected}.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="151"/>
        <source>Cette fiche a été modifiée ici et sur un autre poste ({who}), aux mêmes endroits. Tout le reste a déjà été fusionné : pour chaque champ ci-dessous, choisissez la version à garder.</source>
        <translation>This record was changed here and on another workstation ({who}) in the same places. Everything else has already been merged: for each field below, choose the version to keep.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_detail_widget.py" line="157"/>
        <source>Cette fiche a été modifiée ici et sur un autre poste, aux mêmes endroits. Tout le reste a déjà été fusionné : pour chaque champ ci-dessous, choisissez la version à garder.</source>
        <translation>This record was changed here and on another workstation in the same places. Everything else has already been merged: for each field below, choose the version to keep.</translation>
    </message>
</context>
<context>
    <name>ConflictFieldWidget</name>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="97"/>
        <source>{label} : {mine} / {theirs}</source>
        <translation>{label}: {mine} / {theirs}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="116"/>
        <source>Garder la mienne</source>
        <translation>Keep mine</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="117"/>
        <source>Garder l&apos;autre</source>
        <translation>Keep the other</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="120"/>
        <source>{value} (vous)</source>
        <translation>{value} (you)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="122"/>
        <source>{value} ({who})</source>
        <translation>{value} ({who})</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="125"/>
        <source>Avant les deux modifications : {value}</source>
        <translation>Before both changes: {value}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="131"/>
        <source>Suppression de la fiche</source>
        <translation>Record deleted</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="135"/>
        <source>Vous avez supprimé cette fiche alors qu&apos;elle a été modifiée sur un autre poste ({who}).</source>
        <translation>You deleted this record while it was changed on another workstation ({who}).</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="140"/>
        <source>Vous avez supprimé cette fiche alors qu&apos;elle a été modifiée sur un autre poste.</source>
        <translation>You deleted this record while it was changed on another workstation.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="144"/>
        <source>Confirmer la suppression</source>
        <translation>Confirm the deletion</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="145"/>
        <source>Garder la fiche modifiée</source>
        <translation>Keep the changed record</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="147"/>
        <source>La fiche est supprimée, ici et sur les autres postes.</source>
        <translation>The record is deleted, here and on the other workstations.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="150"/>
        <source>La fiche est rétablie, avec les modifications faites sur l&apos;autre poste.</source>
        <translation>The record is restored, with the changes made on the other workstation.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="152"/>
        <source>Modifications faites sur l&apos;autre poste :</source>
        <translation>Changes made on the other workstation:</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="156"/>
        <source>Cette fiche a été supprimée sur un autre poste ({who}) alors que vous l&apos;aviez modifiée.</source>
        <translation>This record was deleted on another workstation ({who}) while you had changed it.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="161"/>
        <source>Cette fiche a été supprimée sur un autre poste alors que vous l&apos;aviez modifiée.</source>
        <translation>This record was deleted on another workstation while you had changed it.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="165"/>
        <source>Garder ma version</source>
        <translation>Keep my version</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="166"/>
        <source>Accepter la suppression</source>
        <translation>Accept the deletion</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="168"/>
        <source>La fiche reste, avec vos modifications, ici et sur les autres postes.</source>
        <translation>The record stays, with your changes, here and on the other workstations.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="171"/>
        <source>La fiche est supprimée ici aussi ; vos modifications sont perdues.</source>
        <translation>The record is deleted here too; your changes are lost.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="173"/>
        <source>Vos modifications :</source>
        <translation>Your changes:</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="194"/>
        <source>• {label} : {before} → {after}</source>
        <translation>• {label}: {before} → {after}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_field_widget.py" line="202"/>
        <source>• et {n} autre(s)</source>
        <translation>• and {n} more</translation>
    </message>
</context>
<context>
    <name>ConflictInboxView</name>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="209"/>
        <source>Conflit résolu : {record}. Voici le suivant.</source>
        <translation>Conflict resolved: {record}. Here is the next one.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="212"/>
        <source>Conflit résolu : {record}. Il n&apos;en reste aucun.</source>
        <translation>Conflict resolved: {record}. None left.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="216"/>
        <source>Ce conflit a été résolu entre-temps sur un autre poste : vos choix n&apos;ont pas été appliqués.</source>
        <translation>This conflict was resolved on another workstation in the meantime: your choices were not applied.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="220"/>
        <source>Ce conflit a changé entre-temps (nouvelle modification reçue, ou résolu sur un autre poste). Il est affiché à jour : vérifiez les choix puis appliquez de nouveau.</source>
        <translation>This conflict changed in the meantime (a newer change arrived, or it was resolved on another workstation). It is now shown up to date: check the choices, then apply again.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="225"/>
        <source>Le choix n&apos;a pas pu être enregistré ({kind}). Réessayez ; si cela persiste, redémarrez Cabinet.</source>
        <translation>The choice could not be saved ({kind}). Try again; if it keeps happening, restart Cabinet.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="229"/>
        <source>Les conflits n&apos;ont pas pu être lus ({kind}). Réessayez en revenant sur cette section ; si cela persiste, redémarrez Cabinet.</source>
        <translation>The conflicts could not be read ({kind}). Try again by coming back to this section; if it keeps happening, restart Cabinet.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="243"/>
        <source>1 conflit à résoudre, le plus ancien en haut.</source>
        <translation>1 conflict to resolve, oldest first.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="245"/>
        <source>{n} conflits à résoudre, les plus anciens en haut.</source>
        <translation>{n} conflicts to resolve, oldest first.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="257"/>
        <source>Conflits de synchronisation</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="258"/>
        <source>Aucun conflit à résoudre</source>
        <translation>No conflicts to resolve</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="261"/>
        <source>Les modifications faites sur ce poste et sur les autres ont toutes pu être fusionnées. Si une même information est modifiée de deux façons différentes, elle apparaîtra ici pour que vous choisissiez la bonne version.</source>
        <translation>The changes made on this workstation and on the others could all be merged. If the same information is changed in two different ways, it will appear here so that you can choose the right version.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_inbox_view.py" line="266"/>
        <source>Conflits à résoudre</source>
        <translation>Conflicts to resolve</translation>
    </message>
</context>
<context>
    <name>ConflictListModel</name>
    <message>
        <location filename="../../ui/conflicts/conflict_list_model.py" line="68"/>
        <source>{what} · {detected}</source>
        <translation>{what} · {detected}</translation>
    </message>
</context>
<context>
    <name>ConflictTexts</name>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="19"/>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="20"/>
        <source>Rendez-vous</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="21"/>
        <source>Observation</source>
        <translation>Observation</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="22"/>
        <source>Praticien</source>
        <translation>Practitioner</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="23"/>
        <source>Fonction d&apos;un praticien</source>
        <translation>Practitioner role</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="24"/>
        <source>Structure</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="25"/>
        <source>Agenda</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="26"/>
        <source>Créneau</source>
        <translation>Slot</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="27"/>
        <source>Consultation</source>
        <translation>Encounter</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="28"/>
        <source>Objectif</source>
        <translation>Goal</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="29"/>
        <source>Alerte</source>
        <translation>Alert</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="30"/>
        <source>Photo clinique</source>
        <translation>Clinical photo</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="31"/>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="32"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="33"/>
        <source>Prescription</source>
        <translation>Prescription</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="34"/>
        <source>Questionnaire rempli</source>
        <translation>Completed questionnaire</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="48"/>
        <source>Patient {name}</source>
        <translation>Patient {name}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="50"/>
        <source>sans nom</source>
        <translation>without a name</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="56"/>
        <source>Rendez-vous du {date} à {time}</source>
        <translation>Appointment on {date} at {time}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="67"/>
        <source>Observation : {what} du {date}</source>
        <translation>Observation: {what} on {date}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="70"/>
        <source>Observation : {what}</source>
        <translation>Observation: {what}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="81"/>
        <source>autre poste</source>
        <translation>other workstation</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="92"/>
        <source>détecté aujourd&apos;hui à {time}</source>
        <translation>found today at {time}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="94"/>
        <source>détecté le {date} à {time}</source>
        <translation>found on {date} at {time}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="111"/>
        <source>Supprimée ailleurs, modifiée ici</source>
        <translation>Deleted elsewhere, changed here</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="113"/>
        <source>Supprimée ici, modifiée ailleurs</source>
        <translation>Deleted here, changed elsewhere</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="117"/>
        <source>{first} et {n} autres champs</source>
        <translation>{first} and {n} other fields</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/conflict_texts.py" line="141"/>
        <source>{record} — {patient}</source>
        <translation>{record} — {patient}</translation>
    </message>
</context>
<context>
    <name>ElementLabels</name>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="24"/>
        <source>Début du rendez-vous</source>
        <translation>Appointment start</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="25"/>
        <source>Fin du rendez-vous</source>
        <translation>Appointment end</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="26"/>
        <source>Statut du rendez-vous</source>
        <translation>Appointment status</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="27"/>
        <source>Motif</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="28"/>
        <source>Motif (codé)</source>
        <translation>Reason (coded)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="29"/>
        <location filename="../../ui/conflicts/element_labels.py" line="52"/>
        <location filename="../../ui/conflicts/element_labels.py" line="82"/>
        <source>Commentaire</source>
        <translation>Comment</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="30"/>
        <source>Durée</source>
        <translation>Duration</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="31"/>
        <source>Type de rendez-vous</source>
        <translation>Appointment type</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="32"/>
        <source>Type de consultation</source>
        <translation>Consultation type</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="33"/>
        <source>Spécialité</source>
        <translation>Speciality</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="34"/>
        <source>Motif d&apos;annulation</source>
        <translation>Cancellation reason</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="35"/>
        <source>Consignes au patient</source>
        <translation>Instructions to the patient</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="38"/>
        <source>Priorité</source>
        <translation>Priority</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="39"/>
        <source>Créneau</source>
        <translation>Slot</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="40"/>
        <source>Date de prise du rendez-vous</source>
        <translation>Date booked</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="41"/>
        <source>Statut de la mesure</source>
        <translation>Measurement status</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="42"/>
        <source>Type de mesure</source>
        <translation>Measurement</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="43"/>
        <source>Date de la mesure</source>
        <translation>Date measured</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="44"/>
        <source>Période de la mesure</source>
        <translation>Measurement period</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="45"/>
        <source>Date de validation</source>
        <translation>Date issued</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="46"/>
        <source>Interprétation</source>
        <translation>Interpretation</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="47"/>
        <source>Valeurs de référence</source>
        <translation>Reference range</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="48"/>
        <source>Valeurs détaillées</source>
        <translation>Components</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="49"/>
        <source>Site anatomique</source>
        <translation>Body site</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="50"/>
        <source>Méthode</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="51"/>
        <source>Réalisée par</source>
        <translation>Performed by</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="53"/>
        <source>Raison de l&apos;absence de valeur</source>
        <translation>Reason for no value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="56"/>
        <source>Fiche active</source>
        <translation>Record active</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="59"/>
        <source>Date de naissance</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="60"/>
        <source>Sexe</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="61"/>
        <source>Décès</source>
        <translation>Deceased</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="62"/>
        <source>Date de décès</source>
        <translation>Date of death</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="63"/>
        <source>Situation familiale</source>
        <translation>Marital status</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="64"/>
        <source>Naissance multiple</source>
        <translation>Multiple birth</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="65"/>
        <source>Rang de naissance</source>
        <translation>Birth order</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="66"/>
        <source>Médecin traitant</source>
        <translation>Regular doctor</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="67"/>
        <source>Structure de rattachement</source>
        <translation>Managing organisation</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="68"/>
        <source>Langue parlée</source>
        <translation>Language spoken</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="69"/>
        <source>Personne à prévenir</source>
        <translation>Emergency contact</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="70"/>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="71"/>
        <location filename="../../ui/conflicts/element_labels.py" line="234"/>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="72"/>
        <source>Coordonnées</source>
        <translation>Contact details</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="73"/>
        <location filename="../../ui/conflicts/element_labels.py" line="144"/>
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="74"/>
        <source>Identifiant</source>
        <translation>Identifier</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="75"/>
        <source>Participants</source>
        <translation>Participants</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="76"/>
        <location filename="../../ui/conflicts/element_labels.py" line="151"/>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="77"/>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="78"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="79"/>
        <source>Période</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="80"/>
        <source>Catégorie</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="81"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="83"/>
        <source>Début</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="84"/>
        <source>Fin</source>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="101"/>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="102"/>
        <source>système de codage</source>
        <translation>coding system</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="103"/>
        <source>unité</source>
        <translation>unit</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="104"/>
        <source>usage</source>
        <translation>use</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="105"/>
        <source>ordre de préférence</source>
        <translation>order of preference</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="106"/>
        <source>type</source>
        <translation>type</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="107"/>
        <source>début</source>
        <translation>start</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="108"/>
        <source>fin</source>
        <translation>end</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="109"/>
        <source>période</source>
        <translation>period</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="110"/>
        <source>rue</source>
        <translation>street</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="111"/>
        <source>code postal</source>
        <translation>postcode</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="112"/>
        <source>ville</source>
        <translation>town</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="113"/>
        <source>département</source>
        <translation>district</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="114"/>
        <source>région ou canton</source>
        <translation>region or canton</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="115"/>
        <source>pays</source>
        <translation>country</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="116"/>
        <source>référence</source>
        <translation>reference</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="117"/>
        <source>réponse</source>
        <translation>response</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="118"/>
        <source>présence requise</source>
        <translation>attendance required</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="119"/>
        <source>lien</source>
        <translation>relationship</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="120"/>
        <source>nom</source>
        <translation>surname</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="121"/>
        <source>prénom(s)</source>
        <translation>first name(s)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="122"/>
        <source>minimum</source>
        <translation>minimum</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="123"/>
        <source>maximum</source>
        <translation>maximum</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="124"/>
        <source>langue</source>
        <translation>language</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="125"/>
        <source>préférée</source>
        <translation>preferred</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="128"/>
        <source>Téléphone mobile</source>
        <translation>Mobile phone</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="129"/>
        <source>Téléphone fixe</source>
        <translation>Home phone</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="130"/>
        <source>Téléphone professionnel</source>
        <translation>Work phone</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="131"/>
        <source>Téléphone temporaire</source>
        <translation>Temporary phone</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="132"/>
        <source>Ancien téléphone</source>
        <translation>Former phone</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="135"/>
        <source>Téléphone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="136"/>
        <source>Courriel</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="137"/>
        <source>Fax</source>
        <translation>Fax</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="138"/>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="139"/>
        <source>Bip</source>
        <translation>Pager</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="140"/>
        <source>Site web</source>
        <translation>Website</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="141"/>
        <source>Autre contact</source>
        <translation>Other contact</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="145"/>
        <source>Adresse professionnelle</source>
        <translation>Work address</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="146"/>
        <source>Adresse temporaire</source>
        <translation>Temporary address</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="147"/>
        <source>Ancienne adresse</source>
        <translation>Former address</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="148"/>
        <source>Adresse de facturation</source>
        <translation>Billing address</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="152"/>
        <location filename="../../ui/conflicts/element_labels.py" line="153"/>
        <source>Praticien</source>
        <translation>Practitioner</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="154"/>
        <source>Accompagnant</source>
        <translation>Companion</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="155"/>
        <source>Lieu</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="156"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="157"/>
        <source>Équipement</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="169"/>
        <source>Fiche entière</source>
        <translation>Whole record</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="189"/>
        <source>Unité de la valeur</source>
        <translation>Unit of the value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="190"/>
        <source>Valeur</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="221"/>
        <source>{element} — {part}</source>
        <translation>{element} — {part}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="231"/>
        <source>Nom de naissance</source>
        <translation>Birth name</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="233"/>
        <source>Nom d&apos;usage</source>
        <translation>Used name</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="237"/>
        <source>Prénom utilisé</source>
        <translation>Used first name</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="238"/>
        <source>Prénom(s)</source>
        <translation>First name(s)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="240"/>
        <source>Civilité</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="242"/>
        <source>Titre</source>
        <translation>Suffix</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="244"/>
        <source>Nom complet</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="254"/>
        <source>Courriel professionnel</source>
        <translation>Work email</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="272"/>
        <source>RPPS</source>
        <translation>RPPS</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="274"/>
        <source>Identifiant national (idNatPs)</source>
        <translation>National identifier (idNatPs)</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="282"/>
        <source>Lieu de naissance</source>
        <translation>Place of birth</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="284"/>
        <source>Nationalité</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="286"/>
        <source>Information complémentaire ({name})</source>
        <translation>Additional information ({name})</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_labels.py" line="295"/>
        <source>Participant</source>
        <translation>Participant</translation>
    </message>
</context>
<context>
    <name>ElementValueText</name>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="26"/>
        <source>Proposé</source>
        <translation>Proposed</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="27"/>
        <source>En attente de confirmation</source>
        <translation>Awaiting confirmation</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="28"/>
        <source>Confirmé</source>
        <translation>Booked</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="29"/>
        <source>Patient arrivé</source>
        <translation>Patient arrived</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="30"/>
        <source>Patient enregistré</source>
        <translation>Patient checked in</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="31"/>
        <source>Honoré</source>
        <translation>Attended</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="32"/>
        <source>Annulé</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="33"/>
        <source>Patient absent</source>
        <translation>Did not attend</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="34"/>
        <source>Saisi par erreur</source>
        <translation>Entered in error</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="35"/>
        <source>Liste d&apos;attente</source>
        <translation>Waiting list</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="38"/>
        <source>Enregistrée</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="39"/>
        <source>Préliminaire</source>
        <translation>Preliminary</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="40"/>
        <source>Validée</source>
        <translation>Final</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="41"/>
        <location filename="../../ui/conflicts/element_value_text.py" line="42"/>
        <source>Corrigée</source>
        <translation>Amended</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="43"/>
        <source>Annulée</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="44"/>
        <source>Saisie par erreur</source>
        <translation>Entered in error</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="45"/>
        <source>Inconnu</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="49"/>
        <source>Accepté</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="50"/>
        <source>Refusé</source>
        <translation>Declined</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="51"/>
        <source>Provisoire</source>
        <translation>Tentative</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="52"/>
        <source>À confirmer</source>
        <translation>To be confirmed</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="93"/>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="108"/>
        <source>Oui</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="110"/>
        <source>Non</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="167"/>
        <source>du {start} au {end}</source>
        <translation>from {start} to {end}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/element_value_text.py" line="204"/>
        <source>(vide)</source>
        <translation>(empty)</translation>
    </message>
</context>
<context>
    <name>FieldGroup</name>
    <message>
        <location filename="../../ui/conflicts/field_group.py" line="56"/>
        <source>Horaire du rendez-vous</source>
        <translation>Appointment time</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/field_group.py" line="57"/>
        <source>Horaire</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/field_group.py" line="59"/>
        <source>Valeur</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/field_group.py" line="104"/>
        <source>{date} de {start} à {end}</source>
        <translation>{date} from {start} to {end}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts/field_group.py" line="107"/>
        <source>du {start} au {end}</source>
        <translation>from {start} to {end}</translation>
    </message>
</context>
<context>
    <name>FieldMessages</name>
    <message>
        <location filename="../../ui/field_messages.py" line="14"/>
        <source>Ce champ est obligatoire.</source>
        <translation>This field is required.</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="17"/>
        <source>Date attendue au format jj/mm/aaaa, par ex. 07/03/1962.</source>
        <translation>Expected date format dd/mm/yyyy, e.g. 07/03/1962.</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="20"/>
        <source>La date de naissance est dans le futur.</source>
        <translation>The date of birth is in the future.</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="23"/>
        <source>Le NIR compte 15 caractères (13 chiffres et la clé de 2 chiffres).</source>
        <translation>A NIR has 15 characters (13 digits and a 2-digit key).</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="27"/>
        <source>Le NIR ne contient que des chiffres (2A ou 2B pour une naissance en Corse).</source>
        <translation>A NIR holds digits only (2A or 2B for a birth in Corsica).</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="31"/>
        <source>La clé du NIR (2 derniers chiffres) ne correspond pas : vérifiez la saisie sur la carte Vitale ou l&apos;attestation de droits.</source>
        <translation>The NIR key (last 2 digits) does not match: check it against the Carte Vitale or the certificate of entitlement.</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="36"/>
        <source>Le NIR ne correspond pas à l&apos;année ou au mois de naissance saisis.</source>
        <translation>The NIR does not match the year or month of birth entered.</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="40"/>
        <source>Le premier chiffre du NIR (1 homme, 2 femme) ne correspond pas au sexe saisi.</source>
        <translation>The first digit of the NIR (1 male, 2 female) does not match the sex entered.</translation>
    </message>
    <message>
        <location filename="../../ui/field_messages.py" line="44"/>
        <source>Adresse e-mail invalide, par ex. nom@exemple.fr.</source>
        <translation>Invalid email address, e.g. name@example.org.</translation>
    </message>
</context>
<context>
    <name>IdentityLabels</name>
    <message>
        <location filename="../../ui/identity_labels.py" line="23"/>
        <source>Femme</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="24"/>
        <source>Homme</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="25"/>
        <source>Autre</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="27"/>
        <source>Non renseigné</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="32"/>
        <source>INS (NIR)</source>
        <translation>INS (NIR)</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="33"/>
        <source>INS provisoire (NIA)</source>
        <translation>Temporary INS (NIA)</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="36"/>
        <source>INS de test</source>
        <translation>Test INS</translation>
    </message>
    <message>
        <location filename="../../ui/identity_labels.py" line="39"/>
        <source>INS de démonstration (fictif)</source>
        <translation>Demo INS (fictitious)</translation>
    </message>
</context>
<context>
    <name>LockMessages</name>
    <message>
        <location filename="../../ui/lock_messages.py" line="14"/>
        <source>Trousseau de clés du système inaccessible</source>
        <translation>The system keyring can&apos;t be reached</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="17"/>
        <source>Clé de chiffrement introuvable</source>
        <translation>Encryption key not found</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="20"/>
        <source>Clé de chiffrement incorrecte</source>
        <translation>Wrong encryption key</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="23"/>
        <source>Base de données endommagée ou modifiée</source>
        <translation>Database damaged or altered</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="26"/>
        <source>Cette version de Cabinet est trop ancienne</source>
        <translation>This version of Cabinet is too old</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="29"/>
        <source>Base de données illisible</source>
        <translation>Unreadable database</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="38"/>
        <source>Cabinet chiffre vos données avec une clé rangée dans le trousseau sécurisé de votre session (Trousseau GNOME, KWallet, Trousseau macOS ou Gestionnaire d&apos;identification Windows). Ce trousseau ne répond pas. Ouvrez votre session normalement ou déverrouillez le trousseau, puis relancez Cabinet.</source>
        <translation>Cabinet encrypts your data with a key kept in the secure keyring of your session (GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager). The keyring does not answer. Log in to your session normally or unlock the keyring, then start Cabinet again.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="45"/>
        <source>Les données de ce profil existent, mais leur clé n&apos;est pas dans le trousseau de cette session : vous êtes peut-être connecté avec un autre compte, ou le trousseau a été réinitialisé. Cabinet ne crée jamais une nouvelle base à la place de l&apos;ancienne. Reconnectez-vous avec le bon compte ou contactez votre support informatique.</source>
        <translation>This profile&apos;s data exists, but its key is not in this session&apos;s keyring: you may be logged in with another account, or the keyring was reset. Cabinet never creates a new database in place of the old one. Log in with the right account or contact your IT support.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="53"/>
        <source>La clé trouvée dans le trousseau n&apos;ouvre pas les données de ce profil. Vérifiez que vous êtes connecté avec le bon compte, ou contactez votre support informatique.</source>
        <translation>The key found in the keyring does not open this profile&apos;s data. Check that you are logged in with the right account, or contact your IT support.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="59"/>
        <source>Le contrôle d&apos;intégrité a échoué : le fichier a été endommagé ou modifié en dehors de Cabinet. Par sécurité, Cabinet ne l&apos;ouvre pas et ne tente aucune réparation. Restaurez la dernière sauvegarde ou contactez votre support informatique.</source>
        <translation>The integrity check failed: the file was damaged or altered outside Cabinet. For safety, Cabinet does not open it and attempts no repair. Restore the latest backup or contact your IT support.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="66"/>
        <source>Ces données ont été enregistrées par une version plus récente de Cabinet. Installez la dernière version de Cabinet sur ce poste.</source>
        <translation>This data was written by a newer version of Cabinet. Install the latest version of Cabinet on this workstation.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="71"/>
        <source>La clé du trousseau n&apos;ouvre pas ce fichier, ou le fichier est endommagé. Contactez votre support informatique.</source>
        <translation>The keyring key does not open this file, or the file is damaged. Contact your IT support.</translation>
    </message>
    <message>
        <location filename="../../ui/lock_messages.py" line="80"/>
        <source>Vos données n&apos;ont pas été modifiées.</source>
        <translation>Your data has not been changed.</translation>
    </message>
</context>
<context>
    <name>LockedView</name>
    <message>
        <location filename="../../ui/shell/locked_view.py" line="39"/>
        <source>Fichier concerné : {path}</source>
        <translation>File: {path}</translation>
    </message>
</context>
<context>
    <name>LoginMessages</name>
    <message>
        <location filename="../../ui/login/login_messages.py" line="36"/>
        <location filename="../../ui/login/login_messages.py" line="132"/>
        <source>Service de carte à puce indisponible</source>
        <translation>Smart card service unavailable</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="39"/>
        <location filename="../../ui/login/login_messages.py" line="135"/>
        <source>Aucun lecteur de carte détecté</source>
        <translation>No card reader detected</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="42"/>
        <source>Insérez votre carte CPS</source>
        <translation>Insert your CPS card</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="45"/>
        <source>Carte non reconnue</source>
        <translation>Card not recognised</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="48"/>
        <source>Ceci est une Carte Vitale : insérez votre carte CPS</source>
        <translation>This is a Carte Vitale: insert your CPS card</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="51"/>
        <source>Carte CPS lue sans contact : posez-la dans le lecteur à contact (le sans-contact ne permet ni code ni signature)</source>
        <translation>CPS card read contactless: put it in the contact reader (contactless allows neither PIN nor signature)</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="56"/>
        <source>Lecture de la carte…</source>
        <translation>Reading the card…</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="57"/>
        <source>Vérification du code…</source>
        <translation>Checking the PIN…</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="60"/>
        <source>Carte bloquée : plus aucun essai</source>
        <translation>Card blocked: no tries left</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="63"/>
        <source>Connexion e-CPS en cours…</source>
        <translation>e-CPS sign-in in progress…</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="73"/>
        <source>Le service qui fait fonctionner les lecteurs de cartes ne répond pas sur ce poste. Redémarrez l&apos;ordinateur ; si cela persiste, contactez votre support informatique (service « Carte à puce » de Windows, pcscd sous Linux).</source>
        <translation>The service that runs the card readers is not answering on this workstation. Restart the computer; if this persists, contact your IT support (the Windows &quot;Smart Card&quot; service, pcscd on Linux).</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="79"/>
        <source>Branchez le lecteur de cartes : il est reconnu dès qu&apos;il est branché. S&apos;il l&apos;est déjà, débranchez-le puis rebranchez-le.</source>
        <translation>Plug in the card reader: it is recognised as soon as it is plugged in. If it already is, unplug it and plug it in again.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="84"/>
        <source>La lecture commence dès que la carte est dans le lecteur.</source>
        <translation>Reading starts as soon as the card is in the reader.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="87"/>
        <source>Vérifiez qu&apos;il s&apos;agit bien de votre carte CPS et qu&apos;elle est insérée dans le bon sens, puce en avant.</source>
        <translation>Check that this is your CPS card and that it is inserted the right way round, chip first.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="92"/>
        <source>Retirez la Carte Vitale du lecteur et insérez votre carte de professionnel de santé.</source>
        <translation>Remove the Carte Vitale from the reader and insert your healthcare professional card.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="97"/>
        <source>Insérez la carte dans la fente du lecteur, puce en avant.</source>
        <translation>Insert the card into the reader slot, chip first.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="100"/>
        <location filename="../../ui/login/login_messages.py" line="106"/>
        <source>Laissez la carte dans le lecteur.</source>
        <translation>Leave the card in the reader.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="103"/>
        <source>Saisissez le code PIN de votre carte (4 chiffres).</source>
        <translation>Enter your card&apos;s PIN (4 digits).</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="109"/>
        <source>Débloquez-la avec son code PUK (outil de gestion des cartes CPS de l&apos;ANS) ou contactez le service des cartes CPS de l&apos;ANS. Cabinet n&apos;enverra plus aucun code à cette carte.</source>
        <translation>Unblock it with its PUK code (the ANS CPS card management tool) or contact the ANS CPS card service. Cabinet will not send any more codes to this card.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="121"/>
        <source>Carte CPS de {name}</source>
        <translation>CPS card of {name}</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="126"/>
        <source>Carte retirée pendant la lecture</source>
        <translation>Card removed while being read</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="129"/>
        <location filename="../../ui/login/login_messages.py" line="140"/>
        <source>La carte n&apos;a pas pu être lue</source>
        <translation>The card could not be read</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="146"/>
        <source>Réinsérez-la et laissez-la dans le lecteur jusqu&apos;à la fin de la connexion.</source>
        <translation>Insert it again and leave it in the reader until you are logged in.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="150"/>
        <source>Retirez la carte, vérifiez que la puce est propre et réinsérez-la, puce en avant. Si cela se reproduit, la carte est peut-être abîmée : demandez-en une nouvelle à l&apos;ANS.</source>
        <translation>Remove the card, check that the chip is clean and insert it again, chip first. If this happens again, the card may be damaged: ask the ANS for a new one.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="159"/>
        <source>Retirez la carte et réinsérez-la, ou cliquez sur « Relire la carte ».</source>
        <translation>Remove the card and insert it again, or click &quot;Read the card again&quot;.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="168"/>
        <source>La connexion n&apos;a pas abouti ({kind}). Réessayez ; si cela persiste, redémarrez Cabinet ou contactez votre support informatique.</source>
        <translation>The login did not complete ({kind}). Try again; if this persists, restart Cabinet or contact your IT support.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="177"/>
        <source>Dernier essai : la carte se bloque après un code erroné</source>
        <translation>Last try: the card blocks after a wrong PIN</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="180"/>
        <source>{n} essais restants</source>
        <translation>{n} tries left</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="185"/>
        <source>Code incorrect</source>
        <translation>Wrong PIN</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="187"/>
        <source>Code incorrect — dernier essai avant le blocage de la carte</source>
        <translation>Wrong PIN — last try before the card blocks</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="190"/>
        <source>Code incorrect — {n} essais restants</source>
        <translation>Wrong PIN — {n} tries left</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="196"/>
        <source>Le code PIN comporte exactement 4 chiffres</source>
        <translation>The PIN has exactly 4 digits</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="203"/>
        <source>La lecture de la carte a été interrompue : saisissez à nouveau votre code</source>
        <translation>Reading the card was interrupted: enter your PIN again</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="212"/>
        <source>Le serveur a refusé cette carte (certificat non reconnu, expiré ou révoqué). Contactez votre support informatique.</source>
        <translation>The server refused this card (certificate not recognised, expired or revoked). Contact your IT support.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="217"/>
        <source>Serveur injoignable et cette carte ne s&apos;est jamais connectée sur ce poste : connexion hors ligne impossible. Réessayez quand le réseau sera revenu.</source>
        <translation>Server unreachable and this card has never logged in on this workstation: offline login is not possible. Try again when the network is back.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="222"/>
        <source>La carte n&apos;a pas prouvé son identité (signature non conforme à son certificat) : connexion refusée. Réinsérez-la ; si cela se reproduit, contactez votre support informatique.</source>
        <translation>The card did not prove its identity (signature does not match its certificate): login refused. Insert it again; if this happens again, contact your IT support.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="234"/>
        <source>Seule la carte de {owner} peut déverrouiller cette session</source>
        <translation>Only {owner}&apos;s card can unlock this session</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="240"/>
        <source>Cette carte est celle de {holder}. Retirez-la et insérez celle de {owner}.</source>
        <translation>This card belongs to {holder}. Remove it and insert {owner}&apos;s card.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="247"/>
        <source>Poste verrouillé — session de {owner}</source>
        <translation>Workstation locked — {owner}&apos;s session</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="254"/>
        <source>La carte CPS a été retirée du lecteur.</source>
        <translation>The CPS card was removed from the reader.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="257"/>
        <source>Verrouillé automatiquement après une période sans activité.</source>
        <translation>Locked automatically after a period of inactivity.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="260"/>
        <source>Verrouillé à la demande.</source>
        <translation>Locked on request.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="263"/>
        <source>Session verrouillée.</source>
        <translation>Session locked.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="266"/>
        <source>Votre session e-CPS a pris fin : reconnectez-vous avec votre carte CPS ou e-CPS.</source>
        <translation>Your e-CPS session has ended: sign in again with your CPS card or e-CPS.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="277"/>
        <source>Seule la carte de {owner} (avec son code) ou son e-CPS le déverrouille. Le travail en cours est conservé.</source>
        <translation>Only {owner}&apos;s card (with its PIN) or their e-CPS unlocks it. Work in progress is kept.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="282"/>
        <source>Seule la carte de {owner} le déverrouille, avec son code. Le travail en cours est conservé.</source>
        <translation>Only {owner}&apos;s card unlocks it, with its PIN. Work in progress is kept.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="292"/>
        <source>Validez la demande sur votre téléphone (application e-CPS) ou dans la fenêtre de votre navigateur.</source>
        <translation>Approve the request on your phone (e-CPS app) or in your browser window.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="297"/>
        <source>Terminez la connexion dans la fenêtre de votre navigateur (Pro Santé Connect), puis revenez ici.</source>
        <translation>Finish signing in in your browser window (Pro Santé Connect), then come back here.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="307"/>
        <source>Connexion e-CPS annulée.</source>
        <translation>e-CPS sign-in cancelled.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="310"/>
        <source>Connexion e-CPS refusée (sur Pro Santé Connect ou dans l&apos;application e-CPS).</source>
        <translation>e-CPS sign-in refused (at Pro Santé Connect or in the e-CPS app).</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="314"/>
        <source>La connexion e-CPS n&apos;a pas été terminée à temps : recommencez.</source>
        <translation>The e-CPS sign-in was not finished in time: try again.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="318"/>
        <source>Pro Santé Connect ou le serveur du cabinet ne répond pas : vérifiez la connexion Internet, ou utilisez votre carte CPS.</source>
        <translation>Pro Santé Connect or the practice server does not answer: check the Internet connection, or use your CPS card.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="323"/>
        <source>Le serveur du cabinet n&apos;accepte pas la connexion e-CPS : utilisez votre carte CPS.</source>
        <translation>The practice server does not accept e-CPS sign-in: use your CPS card.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="328"/>
        <source>La réponse de Pro Santé Connect n&apos;a pas pu être vérifiée : recommencez ; si cela persiste, contactez votre support.</source>
        <translation>Pro Santé Connect&apos;s answer could not be verified: try again; if it persists, contact your support.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="333"/>
        <source>Cette session est celle de {owner} : seule sa carte CPS ou son e-CPS peut la déverrouiller.</source>
        <translation>This session is {owner}&apos;s: only their CPS card or e-CPS can unlock it.</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="345"/>
        <source>Connexion de {name}…</source>
        <translation>Logging in {name}…</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_messages.py" line="349"/>
        <source>Démonstration — carte simulée, code PIN {pin}</source>
        <translation>Demonstration — simulated card, PIN {pin}</translation>
    </message>
</context>
<context>
    <name>LoginView</name>
    <message>
        <location filename="../../ui/login/login_view.py" line="587"/>
        <source>Connexion par carte CPS ou e-CPS</source>
        <translation>Sign in with a CPS card or e-CPS</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_view.py" line="589"/>
        <source>Connexion par carte CPS</source>
        <translation>Log in with a CPS card</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_view.py" line="610"/>
        <source>Code PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_view.py" line="611"/>
        <source>Valider</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_view.py" line="621"/>
        <source>Relire la carte</source>
        <translation>Read the card again</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_view.py" line="631"/>
        <source>ou</source>
        <translation>or</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_view.py" line="633"/>
        <source>Se connecter avec e-CPS (Pro Santé Connect)</source>
        <translation>Log in with e-CPS (Pro Santé Connect)</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_view.py" line="638"/>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/login/login_view.py" line="624"/>
        <source>Code PIN de la carte CPS, 4 chiffres</source>
        <translation>CPS card PIN, 4 digits</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/shell/main_window.py" line="282"/>
        <source>Synchronisation demandée…</source>
        <translation>Sync requested…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="324"/>
        <source>{title} ({n})</source>
        <translation>{title} ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="329"/>
        <source>{title} (Ctrl+6) : {n} à résoudre</source>
        <translation>{title} (Ctrl+6): {n} to resolve</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="390"/>
        <source>Agenda</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="391"/>
        <source>Patients</source>
        <translation>Patients</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="392"/>
        <source>Téléconsultation</source>
        <translation>Teleconsultation</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="393"/>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="394"/>
        <source>Constantes</source>
        <translation>Vital signs</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="395"/>
        <source>Conflits</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="401"/>
        <source>Agenda du jour et de la semaine, plusieurs praticiens, salle d&apos;attente et créneaux de téléconsultation arrivent dans une prochaine version.</source>
        <translation>Day and week schedules, several practitioners, the waiting room and teleconsultation slots arrive in a coming version.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="404"/>
        <source>Ouverture des données chiffrées…</source>
        <translation>Opening the encrypted data…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="406"/>
        <source>La téléconsultation vidéo, avec réglage automatique de la caméra et du micro, arrive dans une prochaine version.</source>
        <translation>Video teleconsultation, with automatic camera and microphone set-up, arrives in a coming version.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="410"/>
        <source>L&apos;annotation des photos cliniques, avec mesures calibrées, arrive dans une prochaine version. Les photos déjà enregistrées sont conservées.</source>
        <translation>Clinical photo annotation, with calibrated measurements, arrives in a coming version. Photos already recorded are kept.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="414"/>
        <source>Les courbes de constantes (tension, fréquence cardiaque, SpO2, poids, glycémie) et leurs seuils d&apos;alerte arrivent dans une prochaine version. Les mesures déjà enregistrées sont conservées.</source>
        <translation>Vital-sign graphs (blood pressure, heart rate, SpO2, weight, glucose) and their alert thresholds arrive in a coming version. Measurements already recorded are kept.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="419"/>
        <source>Les fiches modifiées ici et sur un autre poste aux mêmes endroits apparaîtront ici dès que la synchronisation sera en marche.</source>
        <translation>Records changed here and on another workstation in the same places will appear here as soon as sync is running.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="426"/>
        <source>Cabinet — profil de démonstration</source>
        <translation>Cabinet — demo profile</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="426"/>
        <source>Cabinet</source>
        <translation>Cabinet</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="430"/>
        <source>Profil de démonstration : patients fictifs, données générées. La clé de cette base est stockée dans un fichier, ce qui n&apos;est permis que pour la démonstration.</source>
        <translation>Demo profile: fictitious patients, generated data. The key of this database is stored in a file, which only the demo is allowed to do.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="441"/>
        <source>Conflits de synchronisation</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="442"/>
        <source>Synchroniser maintenant</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="443"/>
        <source>Lire la Carte Vitale…</source>
        <translation>Read the Carte Vitale…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="444"/>
        <source>Verrouiller le poste</source>
        <translation>Lock the workstation</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="447"/>
        <source>&amp;Démonstration</source>
        <translation>&amp;Demonstration</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="448"/>
        <source>Retirer la carte CPS du lecteur</source>
        <translation>Remove the CPS card from the reader</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="449"/>
        <source>Insérer la carte CPS</source>
        <translation>Insert the CPS card</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="453"/>
        <source>&amp;Fichier</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="454"/>
        <source>&amp;Quitter</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="455"/>
        <source>&amp;Affichage</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="456"/>
        <source>Fermer le dossier patient</source>
        <translation>Close the patient&apos;s chart</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="457"/>
        <source>&amp;Langue</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="465"/>
        <source>Création des patients de démonstration…</source>
        <translation>Creating the demo patients…</translation>
    </message>
</context>
<context>
    <name>PatientContextWidget</name>
    <message>
        <location filename="../../ui/shell/patient_context_widget.py" line="49"/>
        <source>Fermer le dossier (Ctrl+W)</source>
        <translation>Close the chart (Ctrl+W)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/patient_context_widget.py" line="50"/>
        <source>Aucun patient sélectionné</source>
        <translation>No patient selected</translation>
    </message>
    <message>
        <location filename="../../ui/shell/patient_context_widget.py" line="66"/>
        <source>né(e) le {date} ({age} ans)</source>
        <translation>born {date} ({age} years)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/patient_context_widget.py" line="68"/>
        <source>INS</source>
        <translation>INS</translation>
    </message>
    <message>
        <location filename="../../ui/shell/patient_context_widget.py" line="70"/>
        <source>INS (fictif)</source>
        <translation>INS (fictitious)</translation>
    </message>
</context>
<context>
    <name>PatientEditDialog</name>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="168"/>
        <source>L&apos;enregistrement a échoué ({kind}). Vos saisies sont conservées : réessayez, ou contactez votre support si cela persiste.</source>
        <translation>Saving failed ({kind}). What you typed is kept: try again, or contact your support if it persists.</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="188"/>
        <source>Clé du NIR valide</source>
        <translation>NIR key is valid</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="195"/>
        <source>Nouveau patient</source>
        <translation>New patient</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="195"/>
        <source>Modifier le patient</source>
        <translation>Edit patient</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="198"/>
        <source>&amp;Nom de naissance</source>
        <translation>&amp;Birth surname</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="199"/>
        <source>&amp;Prénom(s)</source>
        <translation>&amp;First name(s)</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="200"/>
        <source>&amp;Date de naissance</source>
        <translation>&amp;Date of birth</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="201"/>
        <source>&amp;Sexe</source>
        <translation>&amp;Sex</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="202"/>
        <source>N&amp;IR / matricule INS</source>
        <translation>N&amp;IR / INS number</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="203"/>
        <source>&amp;Type d&apos;identifiant</source>
        <translation>&amp;Identifier type</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="204"/>
        <source>&amp;Téléphone</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="205"/>
        <source>&amp;E-mail</source>
        <translation>&amp;Email</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="211"/>
        <source>jj/mm/aaaa</source>
        <translation>dd/mm/yyyy</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="212"/>
        <source>15 caractères, clé comprise</source>
        <translation>15 characters, key included</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_edit_dialog.py" line="213"/>
        <source>06 12 34 56 78</source>
        <translation>06 12 34 56 78</translation>
    </message>
</context>
<context>
    <name>PatientIdentityText</name>
    <message>
        <location filename="../../ui/front_desk/patient_identity_text.py" line="21"/>
        <source>inconnue</source>
        <translation>unknown</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/patient_identity_text.py" line="26"/>
        <source>Naissance : {date}</source>
        <translation>Born: {date}</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/patient_identity_text.py" line="30"/>
        <source>sans INS</source>
        <translation>no INS</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/patient_identity_text.py" line="32"/>
        <source>{kind} : {nir}</source>
        <translation>{kind}: {nir}</translation>
    </message>
</context>
<context>
    <name>PatientListModel</name>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="33"/>
        <source>Nom</source>
        <translation>Surname</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="34"/>
        <source>Prénom(s)</source>
        <translation>First name(s)</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="35"/>
        <source>Naissance</source>
        <translation>Born</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="36"/>
        <source>Âge</source>
        <translation>Age</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="37"/>
        <source>Sexe</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="38"/>
        <source>INS</source>
        <translation>INS</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="64"/>
        <source>{n} ans</source>
        <translation>{n} y</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="68"/>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="69"/>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patient_list_model.py" line="70"/>
        <source>Autre</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>PatientsView</name>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="165"/>
        <source>Les {n} premiers patients par ordre alphabétique</source>
        <translation>The first {n} patients in alphabetical order</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="167"/>
        <source>{n} patient(s)</source>
        <translation>{n} patient(s)</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="170"/>
        <source>Aucun patient ne correspond. Ctrl+N pour en créer un.</source>
        <translation>No matching patient. Ctrl+N to create one.</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="172"/>
        <source>Plus de {n} patients : précisez la recherche.</source>
        <translation>More than {n} patients: refine the search.</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="174"/>
        <source>{n} patient(s) trouvé(s)</source>
        <translation>{n} patient(s) found</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="239"/>
        <source>Les données n&apos;ont pas pu être lues ({kind}). Réessayez ; si cela persiste, redémarrez Cabinet.</source>
        <translation>The data could not be read ({kind}). Try again; if it persists, restart Cabinet.</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="246"/>
        <source>Patients</source>
        <translation>Patients</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="248"/>
        <source>Rechercher : nom, date de naissance (jj/mm/aaaa) ou INS — Ctrl+F</source>
        <translation>Search: name, date of birth (dd/mm/yyyy) or INS — Ctrl+F</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="250"/>
        <source>Nouveau patient (Ctrl+N)</source>
        <translation>New patient (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/patients/patients_view.py" line="251"/>
        <source>Modifier l&apos;identité (Ctrl+E)</source>
        <translation>Edit identity (Ctrl+E)</translation>
    </message>
</context>
<context>
    <name>StatusBarWidget</name>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="117"/>
        <source>Synchronisation : ouverture des données…</source>
        <translation>Sync: opening the data…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="119"/>
        <source>Synchronisation : données verrouillées</source>
        <translation>Sync: data locked</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="97"/>
        <source>Le serveur intégré s&apos;est arrêté de façon inattendue ; il redémarre. Vos données sont conservées sur ce poste.</source>
        <translation>The built-in server stopped unexpectedly; it is restarting. Your data is kept on this workstation.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="125"/>
        <source>Synchronisation : pas encore démarrée — {n} modification(s) en attente</source>
        <translation>Sync: not started yet — {n} change(s) pending</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="136"/>
        <source>Synchroniser</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="137"/>
        <source>Synchroniser maintenant (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="141"/>
        <source>1 conflit à résoudre</source>
        <translation>1 conflict to resolve</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="143"/>
        <source>{n} conflits à résoudre</source>
        <translation>{n} conflicts to resolve</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="147"/>
        <source>Des fiches ont été modifiées ici et sur un autre poste aux mêmes endroits. Cliquez, ou Ctrl+6, pour choisir les versions à garder.</source>
        <translation>Some records were changed here and on another workstation in the same places. Click, or press Ctrl+6, to choose the versions to keep.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="153"/>
        <source>Non connecté</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="155"/>
        <source>{name} — connecté(e) par e-CPS</source>
        <translation>{name} — signed in with e-CPS</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="157"/>
        <source>{name} — carte CPS de démonstration</source>
        <translation>{name} — demo CPS card</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="159"/>
        <source>{name} — carte CPS</source>
        <translation>{name} — CPS card</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="163"/>
        <source>Réseau : connecté</source>
        <translation>Network: connected</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="164"/>
        <source>Réseau : local seulement</source>
        <translation>Network: local only</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="165"/>
        <source>Réseau : hors ligne</source>
        <translation>Network: offline</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="166"/>
        <source>Réseau : inconnu</source>
        <translation>Network: unknown</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="179"/>
        <source>Synchronisation : démarrage…</source>
        <translation>Sync: starting…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="183"/>
        <source>Les fiches du cabinet sont copiées sur ce poste. Vous pouvez travailler pendant ce temps.</source>
        <translation>The practice&apos;s records are being copied to this workstation. You can keep working meanwhile.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="187"/>
        <source>Première synchronisation : {done} fiches reçues</source>
        <translation>First sync: {done} records received</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="190"/>
        <source>Première synchronisation : {done} / {total}</source>
        <translation>First sync: {done} / {total}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="194"/>
        <source>Synchronisation…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="194"/>
        <source>Échange en cours avec le serveur.</source>
        <translation>Exchanging with the server.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="197"/>
        <source>Le serveur ne répond pas. Vous pouvez continuer à travailler : les modifications sont enregistrées sur ce poste et seront envoyées dès que le serveur répondra.</source>
        <translation>The server does not answer. You can keep working: changes are saved on this workstation and will be sent as soon as the server answers.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="202"/>
        <source>Dernière synchronisation : {when}.</source>
        <translation>Last sync: {when}.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="203"/>
        <source>Hors ligne — {pending}</source>
        <translation>Offline — {pending}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="205"/>
        <source>Le serveur refuse la connexion</source>
        <translation>The server refuses the connection</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="206"/>
        <source>Le serveur répond mais refuse ce poste (autorisation expirée ou retirée). Vos modifications restent enregistrées sur ce poste. Prévenez la personne qui administre le serveur du cabinet.</source>
        <translation>The server answers but refuses this workstation (authorisation expired or withdrawn). Your changes stay saved on this workstation. Tell whoever runs the practice&apos;s server.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="210"/>
        <source>Ce poste est à jour avec le serveur. F5 pour synchroniser maintenant.</source>
        <translation>This workstation is up to date with the server. Press F5 to sync now.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="212"/>
        <source>Pas encore synchronisé</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="213"/>
        <source>Synchronisé {when}</source>
        <translation>Synced {when}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="215"/>
        <source>{synced} — {pending}</source>
        <translation>{synced} — {pending}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="222"/>
        <source>rien en attente</source>
        <translation>nothing pending</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="224"/>
        <source>1 modification en attente</source>
        <translation>1 change pending</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="225"/>
        <source>{n} modifications en attente</source>
        <translation>{n} changes pending</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="233"/>
        <source>à {time}</source>
        <translation>at {time}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="234"/>
        <source>le {date} à {time}</source>
        <translation>on {date} at {time}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="243"/>
        <source>Serveur : {address}</source>
        <translation>Server: {address}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="245"/>
        <source>Serveur intégré : en attente</source>
        <translation>Built-in server: waiting</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="248"/>
        <source>Serveur intégré : en marche (redémarré {n} fois)</source>
        <translation>Built-in server: running (restarted {n} times)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="250"/>
        <source>Serveur intégré : démarrage…</source>
        <translation>Built-in server: starting…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="251"/>
        <source>Serveur intégré : en marche</source>
        <translation>Built-in server: running</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="252"/>
        <source>Serveur intégré : redémarrage après un arrêt…</source>
        <translation>Built-in server: restarting after a stop…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="254"/>
        <source>Serveur intégré : ne démarre pas — vos données restent sur ce poste</source>
        <translation>Built-in server: does not start — your data stays on this workstation</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="256"/>
        <source>Serveur intégré : arrêté</source>
        <translation>Built-in server: stopped</translation>
    </message>
</context>
<context>
    <name>TeleconsultationView</name>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="237"/>
        <source>Un « la » joue une seconde : l&apos;entendez-vous ?</source>
        <translation>An “A” plays for a second: can you hear it?</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="239"/>
        <source>Aucun haut-parleur trouvé sur ce poste.</source>
        <translation>No loudspeaker found on this workstation.</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="246"/>
        <source>Test du réseau…</source>
        <translation>Testing the network…</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="250"/>
        <source>Aucun serveur STUN/TURN configuré : l&apos;appel passe en direct, ce qui suffit au cabinet mais peut échouer derrière certains réseaux.</source>
        <translation>No STUN/TURN server configured: the call goes direct, which is enough in the practice but may fail behind some networks.</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="259"/>
        <source>{kind} joignable ({ms} ms)</source>
        <translation>{kind} reachable ({ms} ms)</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="264"/>
        <source>{kind} injoignable</source>
        <translation>{kind} unreachable</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="271"/>
        <source>Débit : serveur du cabinet injoignable.</source>
        <translation>Bandwidth: the practice server cannot be reached.</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="274"/>
        <source>suffisant pour la vidéo en haute définition</source>
        <translation>enough for HD video</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="276"/>
        <source>suffisant pour la vidéo</source>
        <translation>enough for video</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="278"/>
        <source>la vidéo sera réduite</source>
        <translation>video will be reduced</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="280"/>
        <source>trop faible pour la vidéo : l&apos;appel passera en audio seul</source>
        <translation>too slow for video: the call will be audio only</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="281"/>
        <source>Débit : ↓ {down} Mbit/s · ↑ {up} Mbit/s — {verdict}.</source>
        <translation>Bandwidth: ↓ {down} Mbit/s · ↑ {up} Mbit/s — {verdict}.</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="331"/>
        <source>Caméra coupée</source>
        <translation>Camera off</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="336"/>
        <source>L&apos;image du patient apparaîtra quand vous l&apos;aurez fait entrer.</source>
        <translation>The patient&apos;s picture will appear once you let them in.</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="340"/>
        <source>Le patient est en audio seul.</source>
        <translation>The patient is on audio only.</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="342"/>
        <source>En attente de l&apos;image du patient…</source>
        <translation>Waiting for the patient&apos;s picture…</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="366"/>
        <source>En consultation.</source>
        <translation>In consultation.</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="367"/>
        <source>Le patient entre : connexion de la vidéo…</source>
        <translation>The patient is coming in: connecting the video…</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="369"/>
        <source>Le patient attend dans la salle d&apos;attente virtuelle.</source>
        <translation>The patient is waiting in the virtual waiting room.</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="371"/>
        <source>Le patient n&apos;est pas encore connecté. Il rejoint avec le lien reçu de votre cabinet.</source>
        <translation>The patient has not joined yet. They join with the link your practice sent them.</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="376"/>
        <source>Qualité de l&apos;appel : bonne</source>
        <translation>Call quality: good</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="377"/>
        <source>Qualité de l&apos;appel : moyenne (image réduite)</source>
        <translation>Call quality: fair (smaller picture)</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="378"/>
        <source>Qualité de l&apos;appel : faible (réseau difficile)</source>
        <translation>Call quality: poor (difficult network)</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="379"/>
        <source>Qualité de l&apos;appel : en mesure…</source>
        <translation>Call quality: measuring…</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="384"/>
        <source>La salle de téléconsultation est injoignable : vérifiez la connexion au serveur, puis réessayez.</source>
        <translation>The teleconsultation room cannot be reached: check the connection to the server, then try again.</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="391"/>
        <source>Téléconsultation</source>
        <translation>Teleconsultation</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="395"/>
        <source>Aucune téléconsultation en cours. Choisissez un rendez-vous de téléconsultation dans l&apos;agenda, puis « Démarrer la téléconsultation ».</source>
        <translation>No teleconsultation in progress. Choose a teleconsultation appointment in the schedule, then “Start the teleconsultation”.</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="399"/>
        <source>Faire entrer le patient</source>
        <translation>Let the patient in</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="409"/>
        <source>Rétablir la caméra</source>
        <translation>Turn camera back on</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="409"/>
        <source>Couper la caméra</source>
        <translation>Turn camera off</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="417"/>
        <source>Le son seulement, dans les deux sens : la caméra du patient est coupée aussi.</source>
        <translation>Sound only, both ways: the patient&apos;s camera is turned off too.</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="424"/>
        <source>&amp;Caméra :</source>
        <translation>&amp;Camera:</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="425"/>
        <source>&amp;Micro :</source>
        <translation>&amp;Microphone:</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="426"/>
        <source>&amp;Haut-parleur :</source>
        <translation>&amp;Speaker:</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="433"/>
        <source>Vous — caméra de synthèse (aucune caméra)</source>
        <translation>You — synthetic camera (no camera)</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="435"/>
        <source>Vous</source>
        <translation>You</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="447"/>
        <source>Aucun</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="406"/>
        <source>Rétablir le micro</source>
        <translation>Unmute</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="406"/>
        <source>Couper le micro</source>
        <translation>Mute</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="414"/>
        <source>Rétablir la vidéo</source>
        <translation>Turn video back on</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="414"/>
        <source>Audio seul</source>
        <translation>Audio only</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="419"/>
        <source>Raccrocher</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="420"/>
        <source>Vérifications — micro :</source>
        <translation>Checks — microphone:</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="421"/>
        <source>Tester le haut-parleur</source>
        <translation>Test the loudspeaker</translation>
    </message>
    <message>
        <location filename="../../ui/teleconsultation/teleconsultation_view.py" line="422"/>
        <source>Tester le réseau</source>
        <translation>Test the network</translation>
    </message>
</context>
<context>
    <name>VitaleCandidateWidget</name>
    <message>
        <location filename="../../ui/front_desk/vitale_candidate_widget.py" line="71"/>
        <source>Même NIR : plusieurs dossiers portent ce NIR</source>
        <translation>Same NIR: several records carry this NIR</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_candidate_widget.py" line="74"/>
        <source>Même NIR, mais date de naissance différente</source>
        <translation>Same NIR, but a different date of birth</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_candidate_widget.py" line="78"/>
        <source>Même nom et même date de naissance, dossier sans NIR</source>
        <translation>Same name and date of birth, record without a NIR</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_candidate_widget.py" line="81"/>
        <source>Même nom et même date de naissance, mais autre NIR</source>
        <translation>Same name and date of birth, but another NIR</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_candidate_widget.py" line="92"/>
        <source>Ouvrir ce dossier</source>
        <translation>Open this record</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_candidate_widget.py" line="94"/>
        <source>Ouvrir le dossier de {name}</source>
        <translation>Open {name}&apos;s record</translation>
    </message>
</context>
<context>
    <name>VitaleDialog</name>
    <message>
        <location filename="../../ui/front_desk/vitale_dialog.py" line="376"/>
        <location filename="../../ui/front_desk/vitale_dialog.py" line="377"/>
        <source>Carte Vitale</source>
        <translation>Carte Vitale</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_dialog.py" line="382"/>
        <source>Relire</source>
        <translation>Read again</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_dialog.py" line="384"/>
        <source>Lecture de la carte…</source>
        <translation>Reading the card…</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_dialog.py" line="386"/>
        <source>Laissez la carte dans le lecteur pendant la lecture.</source>
        <translation>Leave the card in the reader while it is being read.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_dialog.py" line="389"/>
        <source>La carte n&apos;a pas pu être lue</source>
        <translation>The card could not be read</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_dialog.py" line="396"/>
        <source>Bénéficiaire de la carte</source>
        <translation>Beneficiary on the card</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_dialog.py" line="398"/>
        <source>{n} bénéficiaires sur cette carte : lequel se présente ?</source>
        <translation>{n} beneficiaries on this card: who is here?</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_dialog.py" line="401"/>
        <source>Bénéficiaires de la Carte Vitale</source>
        <translation>Carte Vitale beneficiaries</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_dialog.py" line="404"/>
        <source>↑ ↓ : choisir le bénéficiaire · Entrée : ouvrir ou créer · Échap : fermer</source>
        <translation>↑ ↓: choose the beneficiary · Enter: open or create · Esc: close</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_dialog.py" line="407"/>
        <source>Entrée : relire la carte · Échap : fermer</source>
        <translation>Enter: read the card again · Esc: close</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_dialog.py" line="409"/>
        <source>Échap : fermer</source>
        <translation>Esc: close</translation>
    </message>
</context>
<context>
    <name>VitaleMatchWidget</name>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="184"/>
        <source>Ouvrir le dossier</source>
        <translation>Open the record</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="185"/>
        <source>Créer le patient</source>
        <translation>Create the patient</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="189"/>
        <source>Clé NIR incorrecte : vérifiez la carte. Ce bénéficiaire ne peut pas être créé à partir de la carte ; recherchez-le ou créez-le depuis la liste des patients.</source>
        <translation>Wrong NIR key: check the card. This beneficiary cannot be created from the card; search for them or create them from the patient list.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="217"/>
        <source>Choisissez le bénéficiaire qui se présente</source>
        <translation>Choose the beneficiary who is here</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="218"/>
        <source>Flèches ↑ ↓ dans la liste, puis Entrée.</source>
        <translation>Arrows ↑ ↓ in the list, then Enter.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="220"/>
        <source>Création du patient…</source>
        <translation>Creating the patient…</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="222"/>
        <source>Recherche du patient…</source>
        <translation>Looking for the patient…</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="224"/>
        <source>Recherche impossible</source>
        <translation>Search not possible</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="226"/>
        <source>Patient trouvé : {name}</source>
        <translation>Patient found: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="229"/>
        <source>Ce NIR est déjà enregistré dans un dossier dont l&apos;identité diffère</source>
        <translation>This NIR is already recorded in a record whose identity differs</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="231"/>
        <source>Vérifiez l&apos;identité avec le patient avant d&apos;ouvrir ce dossier. Un second dossier n&apos;est pas créé pour un NIR déjà enregistré.</source>
        <translation>Check the identity with the patient before opening this record. A second record is not created for a NIR already recorded.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="235"/>
        <source>Aucun patient avec ce NIR</source>
        <translation>No patient with this NIR</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="238"/>
        <source>« Créer le patient » enregistre l&apos;identité lue sur la carte : {name}, né(e) le {birth}.</source>
        <translation>&quot;Create the patient&quot; records the identity read from the card: {name}, born on {birth}.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="252"/>
        <source>… et {n} autre(s) dossier(s) semblable(s) : recherchez le patient dans la liste des patients.</source>
        <translation>… and {n} other similar record(s): look for the patient in the patient list.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="260"/>
        <source>Identitovigilance : d&apos;autres dossiers ressemblent à ce bénéficiaire (homonymes possibles). Vérifiez l&apos;identité avant d&apos;ouvrir un dossier.</source>
        <translation>Identity check: other records resemble this beneficiary (possible namesakes). Check the identity before opening a record.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="265"/>
        <source>Identitovigilance : un dossier ressemble à ce bénéficiaire sans lui correspondre exactement. Vérifiez l&apos;identité du patient (pièce d&apos;identité) avant de l&apos;ouvrir ou de créer un patient.</source>
        <translation>Identity check: a record resembles this beneficiary without matching exactly. Check the patient&apos;s identity (identity document) before opening it or creating a patient.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_match_widget.py" line="271"/>
        <source>Identitovigilance : {n} dossiers ressemblent à ce bénéficiaire sans lui correspondre exactement. Vérifiez l&apos;identité du patient (pièce d&apos;identité) avant d&apos;en ouvrir un ou de créer un patient.</source>
        <translation>Identity check: {n} records resemble this beneficiary without matching exactly. Check the patient&apos;s identity (identity document) before opening one or creating a patient.</translation>
    </message>
</context>
<context>
    <name>VitaleMessages</name>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="29"/>
        <source>Insérez la Carte Vitale du patient</source>
        <translation>Insert the patient&apos;s Carte Vitale</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="32"/>
        <source>Carte Vitale 1 : lecture possible uniquement avec le module SESAM-Vitale agréé, non installé sur ce poste</source>
        <translation>Carte Vitale 1: can only be read with the approved SESAM-Vitale module, not installed on this workstation</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="37"/>
        <source>Carte retirée pendant la lecture : réinsérez-la</source>
        <translation>Card removed while being read: insert it again</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="40"/>
        <location filename="../../ui/front_desk/vitale_messages.py" line="58"/>
        <source>La Carte Vitale n&apos;a pas pu être lue</source>
        <translation>The Carte Vitale could not be read</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="43"/>
        <source>Ceci n&apos;est pas une Carte Vitale</source>
        <translation>This is not a Carte Vitale</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="46"/>
        <source>Aucun lecteur de cartes n&apos;est branché</source>
        <translation>No card reader is plugged in</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="49"/>
        <source>Le service de lecture des cartes ne répond pas</source>
        <translation>The card reading service is not answering</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="52"/>
        <source>Carte non reconnue</source>
        <translation>Card not recognised</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="65"/>
        <source>La lecture commence d&apos;elle-même dès que la carte est insérée.</source>
        <translation>Reading starts by itself as soon as the card is inserted.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="68"/>
        <source>Recherchez le patient par son nom dans la liste des patients, ou créez-le en recopiant la carte (Nouveau patient, Ctrl+N).</source>
        <translation>Look for the patient by name in the patient list, or create them by copying the card (New patient, Ctrl+N).</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="73"/>
        <source>Laissez la carte dans le lecteur jusqu&apos;à l&apos;affichage des bénéficiaires.</source>
        <translation>Leave the card in the reader until the beneficiaries are shown.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="77"/>
        <source>Retirez la carte, vérifiez que la puce est propre et réinsérez-la, puce en avant. Si cela se reproduit, la carte est peut-être abîmée : le patient peut en demander une nouvelle à sa caisse d&apos;assurance maladie.</source>
        <translation>Remove the card, check that the chip is clean and insert it again, chip first. If this happens again, the card may be damaged: the patient can ask their health insurance fund for a new one.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="83"/>
        <source>Le lecteur contient une autre carte (une carte CPS, par exemple). Insérez la Carte Vitale du patient.</source>
        <translation>The reader holds another card (a CPS card, for example). Insert the patient&apos;s Carte Vitale.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="88"/>
        <source>Branchez le lecteur de cartes ; la lecture reprend d&apos;elle-même. S&apos;il est branché, débranchez-le puis rebranchez-le.</source>
        <translation>Plug in the card reader; reading resumes by itself. If it is plugged in, unplug it and plug it in again.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="93"/>
        <source>Le service « carte à puce » de ce poste est arrêté. Redémarrez le poste ; si cela persiste, contactez votre support informatique.</source>
        <translation>The &quot;smart card&quot; service of this workstation is stopped. Restart the workstation; if this persists, contact your IT support.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="98"/>
        <source>Vérifiez qu&apos;il s&apos;agit bien de la Carte Vitale du patient et qu&apos;elle est insérée dans le bon sens, puce en avant.</source>
        <translation>Check that this is the patient&apos;s Carte Vitale and that it is inserted the right way round, chip first.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="106"/>
        <source>Retirez la carte et réinsérez-la, puis cliquez sur Relire.</source>
        <translation>Remove the card and insert it again, then click Read again.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="114"/>
        <source>La lecture n&apos;a pas abouti ({kind}). Cliquez sur Relire ; si cela persiste, redémarrez Cabinet.</source>
        <translation>The read did not complete ({kind}). Click Read again; if this persists, restart Cabinet.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="122"/>
        <source>La recherche du patient n&apos;a pas abouti ({kind}). Choisissez à nouveau le bénéficiaire ; si cela persiste, redémarrez Cabinet.</source>
        <translation>The patient search did not complete ({kind}). Choose the beneficiary again; if this persists, restart Cabinet.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="141"/>
        <source>Le patient n&apos;a pas été créé : la carte est incohérente.</source>
        <translation>The patient was not created: the card is inconsistent.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="145"/>
        <source>Vérifiez la carte avec le patient et créez-le depuis la liste des patients (Ctrl+N).</source>
        <translation>Check the card with the patient and create them from the patient list (Ctrl+N).</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="155"/>
        <source>Le patient n&apos;a pas été créé : NIR refusé.</source>
        <translation>The patient was not created: NIR refused.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="162"/>
        <source>Le patient n&apos;a pas été créé : la clé du NIR lu sur la carte est incorrecte. Vérifiez la carte.</source>
        <translation>The patient was not created: the key of the NIR read from the card is wrong. Check the card.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="168"/>
        <source>Le patient n&apos;a pas été créé : la carte ne porte pas de nom pour ce bénéficiaire. Créez-le depuis la liste des patients (Ctrl+N).</source>
        <translation>The patient was not created: the card carries no name for this beneficiary. Create them from the patient list (Ctrl+N).</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="174"/>
        <source>Le patient n&apos;a pas été créé : ce poste n&apos;est pas réglé pour enregistrer un NIR lu sur une Carte Vitale. Contactez votre support informatique.</source>
        <translation>The patient was not created: this workstation is not set up to record a NIR read from a Carte Vitale. Contact your IT support.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="180"/>
        <source>Le patient n&apos;a pas été créé à partir de la carte. Créez-le depuis la liste des patients (Ctrl+N) en recopiant la carte.</source>
        <translation>The patient was not created from the card. Create them from the patient list (Ctrl+N) by copying the card.</translation>
    </message>
    <message>
        <location filename="../../ui/front_desk/vitale_messages.py" line="185"/>
        <source>Le patient n&apos;a pas pu être enregistré ({kind}). Réessayez ; si cela persiste, redémarrez Cabinet.</source>
        <translation>The patient could not be saved ({kind}). Try again; if this persists, restart Cabinet.</translation>
    </message>
</context>
<context>
    <name>WaitingRoomModel</name>
    <message>
        <location filename="../../ui/agenda/waiting_room_model.py" line="42"/>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/waiting_room_model.py" line="43"/>
        <source>RDV</source>
        <translation>Appt.</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/waiting_room_model.py" line="44"/>
        <source>Attend depuis</source>
        <translation>Waiting for</translation>
    </message>
    <message>
        <location filename="../../ui/agenda/waiting_room_model.py" line="54"/>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
</context>
</TS>
