"""Annotation and finalizer names, as k8s.io/component-helpers/storage/volume spells them."""

ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed"
ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller"
ANN_PROVISIONED_BY = "pv.kubernetes.io/provisioned-by"
ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner"
ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner"
ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node"
ANN_BETA_CLASS = "volume.beta.kubernetes.io/storage-class"
ANN_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"
ANN_BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class"

PVC_PROTECTION = "kubernetes.io/pvc-protection"
PV_PROTECTION = "kubernetes.io/pv-protection"

MINIKUBE_PROVISIONER = "k8s.io/minikube-hostpath"
NO_PROVISIONER = "kubernetes.io/no-provisioner"

#: kube-controller-manager --pvclaimbinder-sync-period: how often every claim and
#: volume is synced again (a Pending claim finds a new PV at the next one).
RESYNC_SECONDS = 15.0

CONTROLLER = "persistentvolume-controller"
