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
        <location filename="../../ui/shell/main_window.py" line="180" />
        <source>Agenda</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="181" />
        <source>Patients</source>
        <translation>Patients</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="182" />
        <source>Téléconsultation</source>
        <translation>Teleconsultation</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="183" />
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="184" />
        <source>Constantes</source>
        <translation>Vital signs</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="190" />
        <source>Agenda du jour et de la semaine, plusieurs praticiens, salle d'attente et créneaux de téléconsultation arrivent dans une prochaine version.</source>
        <translation>Day and week schedules, several practitioners, the waiting room and teleconsultation slots arrive in a coming version.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="193" />
        <source>Ouverture des données chiffrées…</source>
        <translation>Opening the encrypted data…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="195" />
        <source>La téléconsultation vidéo, avec réglage automatique de la caméra et du micro, arrive dans une prochaine version.</source>
        <translation>Video teleconsultation, with automatic camera and microphone set-up, arrives in a coming version.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="199" />
        <source>L'annotation des photos cliniques, avec mesures calibrées, arrive dans une prochaine version. Les photos déjà enregistrées sont conservées.</source>
        <translation>Clinical photo annotation, with calibrated measurements, arrives in a coming version. Photos already recorded are kept.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="203" />
        <source>Les courbes de constantes (tension, fréquence cardiaque, SpO2, poids, glycémie) et leurs seuils d'alerte arrivent dans une prochaine version. Les mesures déjà enregistrées sont conservées.</source>
        <translation>Vital-sign graphs (blood pressure, heart rate, SpO2, weight, glucose) and their alert thresholds arrive in a coming version. Measurements already recorded are kept.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="211" />
        <source>Cabinet — profil de démonstration</source>
        <translation>Cabinet — demo profile</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="211" />
        <source>Cabinet</source>
        <translation>Cabinet</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="215" />
        <source>Profil de démonstration : patients fictifs, données générées. La clé de cette base est stockée dans un fichier, ce qui n'est permis que pour la démonstration.</source>
        <translation>Demo profile: fictitious patients, generated data. The key of this database is stored in a file, which only the demo is allowed to do.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="228" />
        <source>&amp;Fichier</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="229" />
        <source>&amp;Quitter</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="230" />
        <source>&amp;Affichage</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="231" />
        <source>Fermer le dossier patient</source>
        <translation>Close the patient's chart</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="232" />
        <source>&amp;Langue</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../ui/shell/main_window.py" line="240" />
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
        <location filename="../../ui/shell/status_bar_widget.py" line="67" />
        <source>Synchronisation : ouverture des données…</source>
        <translation>Sync: opening the data…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="69" />
        <source>Synchronisation : données verrouillées</source>
        <translation>Sync: data locked</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="49" />
        <source>Le serveur intégré s'est arrêté de façon inattendue ; il redémarre. Vos données sont conservées sur ce poste.</source>
        <translation>The built-in server stopped unexpectedly; it is restarting. Your data is kept on this workstation.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="72" />
        <source>Synchronisation : à venir — {n} modification(s) en attente</source>
        <translation>Sync: coming soon — {n} change(s) waiting</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="78" />
        <source>Non connecté</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="80" />
        <source>{name} — connexion de démonstration</source>
        <translation>{name} — demo login</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="82" />
        <source>{name} — carte CPS : non lue</source>
        <translation>{name} — CPS card: not read</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="86" />
        <source>Réseau : connecté</source>
        <translation>Network: connected</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="87" />
        <source>Réseau : local seulement</source>
        <translation>Network: local only</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="88" />
        <source>Réseau : hors ligne</source>
        <translation>Network: offline</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="89" />
        <source>Réseau : inconnu</source>
        <translation>Network: unknown</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="94" />
        <source>Serveur : {address}</source>
        <translation>Server: {address}</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="96" />
        <source>Serveur intégré : en attente</source>
        <translation>Built-in server: waiting</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="99" />
        <source>Serveur intégré : en marche (redémarré {n} fois)</source>
        <translation>Built-in server: running (restarted {n} times)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="101" />
        <source>Serveur intégré : démarrage…</source>
        <translation>Built-in server: starting…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="102" />
        <source>Serveur intégré : en marche</source>
        <translation>Built-in server: running</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="103" />
        <source>Serveur intégré : redémarrage après un arrêt…</source>
        <translation>Built-in server: restarting after a stop…</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="105" />
        <source>Serveur intégré : ne démarre pas — vos données restent sur ce poste</source>
        <translation>Built-in server: does not start — your data stays on this workstation</translation>
    </message>
    <message>
        <location filename="../../ui/shell/status_bar_widget.py" line="107" />
        <source>Serveur intégré : arrêté</source>
        <translation>Built-in server: stopped</translation>
    </message>
</context>
</TS>